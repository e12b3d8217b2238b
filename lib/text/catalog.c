/* catalog: products from the challenge layout or named columns; see catalog.h. */
#include "text/catalog.h"
#include "base/msg.h"
#include "base/sbuf.h"
#include "base/fsutil.h"
#include "base/strlist.h"
#include "base/strmap.h"
#include "base/xalloc.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct catalog {
	struct catalog_opts o;
	struct table *t;
	int id_col, label_col, image_col, imageid_col, productid_col;
	int text_col[CATALOG_MAX_TEXT];
	char *text_name[CATALOG_MAX_TEXT];
	size_t ntext;
	struct strmap labels;
	int have_labels;
	char *labels_name;
	struct sbuf image;
	struct catalog_stats st;
	char *root;             /* the photo directory resolved (realpath), or NULL */
	size_t root_len;
	char *dir_seen;         /* the last photo's directory as written ... */
	int dir_inside;         /* ... and whether it resolves inside root (or is missing) */
};

static int find_label_col(const struct table *t, const char *want)
{
	if (want)
		return table_column(t, want);
	if (table_column(t, "prdtypecode") >= 0)
		return table_column(t, "prdtypecode");
	return table_column(t, "label");
}

int catalog_load_labels(const char *path, const char *id_col, const char *label_col,
			struct strmap *labels, char **name)
{
	struct table *y = table_open(path, TABLE_AUTO);
	int key, val, m;

	if (!y)
		return -1;
	key = id_col && table_column(y, id_col) >= 0 ? table_column(y, id_col) : 0;
	val = find_label_col(y, label_col);
	if (val < 0 && !label_col && table_ncols(y) == 2)
		val = 1;
	if (val < 0) {
		pc_error_at(table_name(y), 1, "no label column ('%s')",
			    label_col ? label_col : "prdtypecode");
		table_close(y);
		return -1;
	}
	strmap_init(labels);
	if (name)
		*name = xstrdup(table_name(y));
	while ((m = table_next(y)) > 0) {
		if (!strmap_put(labels, table_field(y, (size_t)key), table_len(y, (size_t)key),
				table_field(y, (size_t)val), table_len(y, (size_t)val))) {
			pc_error_at(table_name(y), table_line(y), "duplicate id '%s'",
				    table_field(y, (size_t)key));
			m = -1;
			break;
		}
	}
	table_close(y);
	if (m < 0) {
		strmap_free(labels);
		if (name) {
			free(*name);
			*name = NULL;
		}
	}
	return m;
}

static int load_labels(struct catalog *c)
{
	if (catalog_load_labels(c->o.labels, c->o.id_col, c->o.label_col, &c->labels,
				&c->labels_name) < 0)
		return -1;
	c->have_labels = 1;
	return 0;
}

static int column_or_error(const struct table *t, const char *name, const char *what)
{
	int i = table_column(t, name);

	if (i < 0)
		return pc_error_at(table_name(t), 1, "no %s column '%s' in the header", what, name);
	return i;
}

static int setup_text(struct catalog *c)
{
	const char *spec = c->o.text_cols;
	char **names;

	if (!spec) {
		if (table_column(c->t, "designation") >= 0)
			spec = table_column(c->t, "description") >= 0 ? "designation,description"
								       : "designation";
		else if (table_column(c->t, "title") >= 0)
			spec = table_column(c->t, "description") >= 0 ? "title,description" : "title";
		else
			spec = "text";
	}
	names = strlist_split(spec, NULL);
	for (char **name = names; *name; name++) {
		int i;

		if (c->ntext == CATALOG_MAX_TEXT) {
			strlist_free(names);
			return pc_error("too many text columns (at most %d)", CATALOG_MAX_TEXT);
		}
		i = column_or_error(c->t, *name, "text");
		if (i < 0) {
			strlist_free(names);
			return -1;
		}
		c->text_col[c->ntext] = i;
		c->text_name[c->ntext++] = xstrdup(*name);
	}
	strlist_free(names);
	if (!c->ntext)
		return pc_error("no text column given");
	return 0;
}

struct catalog *catalog_open(const struct catalog_opts *o)
{
	struct catalog *c = xcalloc(1, sizeof(*c));

	c->o = *o;
	c->label_col = c->image_col = c->imageid_col = c->productid_col = -1;
	if (o->labels && load_labels(c) < 0)
		goto fail;
	c->t = table_open(o->path, o->format);
	if (!c->t)
		goto fail;
	c->id_col = o->id_col ? column_or_error(c->t, o->id_col, "id") : 0;
	if (c->id_col < 0 || setup_text(c) < 0)
		goto fail;
	if (!o->labels) {
		c->label_col = find_label_col(c->t, o->label_col);
		if (o->label_col && c->label_col < 0) {
			column_or_error(c->t, o->label_col, "label");
			goto fail;
		}
	}
	c->image_col = table_column(c->t, o->image_col ? o->image_col : "image");
	if (o->image_col && c->image_col < 0) {
		column_or_error(c->t, o->image_col, "image");
		goto fail;
	}
	/* photos stay inside the directory: a missing directory holds no links to follow */
	if (o->images && (c->root = realpath(o->images, NULL)))
		c->root_len = strlen(c->root);
	if (c->image_col < 0 && o->images) {
		c->imageid_col = column_or_error(c->t, "imageid", "image id");
		c->productid_col = column_or_error(c->t, "productid", "product id");
		if (c->imageid_col < 0 || c->productid_col < 0)
			goto fail;
	}
	return c;
fail:
	catalog_close(c);
	return NULL;
}

/* Whether `path` (the directory joined with a name that stays_below) resolves inside the
 * directory: its directory part resolved (cached: photos mostly share one) and, when the
 * photo itself is a symbolic link, the photo resolved.  A part that does not exist cannot
 * lead out; *sb is lstat's answer (st_mode 0 when missing). */
static int resolves_inside(struct catalog *c, const char *path, struct stat *sb)
{
	const char *slash = strrchr(path, '/');
	size_t dlen = slash ? (size_t)(slash - path) : 0;

	memset(sb, 0, sizeof(*sb));
	if (!c->root)
		return 1;
	if (!c->dir_seen || strlen(c->dir_seen) != dlen || memcmp(c->dir_seen, path, dlen)) {
		char *dir = xstrndup(path, dlen ? dlen : 1), *real;

		if (!dlen)
			dir[0] = '.';
		real = realpath(dir, NULL);
		free(c->dir_seen);
		c->dir_seen = xstrndup(path, dlen);
		/* unresolvable (missing, a loop, no permission): nothing there can be read */
		c->dir_inside = real ? fs_is_under(c->root, real) : 1;
		free(real);
		free(dir);
	}
	if (!c->dir_inside)
		return 0;
	if (lstat(path, sb) != 0) {
		memset(sb, 0, sizeof(*sb));
		return 1;
	}
	if (S_ISLNK(sb->st_mode)) {
		char *real = realpath(path, NULL);
		int inside = real ? fs_is_under(c->root, real) : 1;   /* dangling: nothing to read */

		free(real);
		if (!inside)
			return 0;
		if (stat(path, sb) != 0)
			memset(sb, 0, sizeof(*sb));
	}
	return 1;
}

/* The photo's path into it->image; -1 after reporting one that leads outside the photo
 * directory. */
static int make_image_path(struct catalog *c, struct catalog_item *it)
{
	const char *dir = c->o.images, *rel = NULL;
	struct stat sb;
	int have_sb = 0;
	size_t at;

	sbuf_reset(&c->image);
	if (c->image_col >= 0) {
		const char *f = table_field(c->t, (size_t)c->image_col);

		if (!*f) {
			it->image = "";
			return 0;
		}
		if (dir) {
			sbuf_printf(&c->image, "%s/", dir);
			rel = f;
		}
		sbuf_adds(&c->image, f);
	} else if (c->imageid_col >= 0) {
		sbuf_printf(&c->image, "%s/", dir);
		at = c->image.len;
		sbuf_printf(&c->image, "image_%s_product_%s.jpg",
			    table_field(c->t, (size_t)c->imageid_col),
			    table_field(c->t, (size_t)c->productid_col));
		rel = c->image.s + at;
	} else {
		it->image = "";
		return 0;
	}
	it->image = c->image.s;
	if (rel) {
		/* the name is the catalogue's, the directory the user's: stay inside it */
		if (!fs_stays_below(rel) || !resolves_inside(c, it->image, &sb))
			return pc_error_at(table_name(c->t), table_line(c->t),
					   "photo path '%s' leads outside %s", rel, dir);
		have_sb = c->root != NULL;
	}
	if (c->o.check_images) {
		if (!have_sb && stat(it->image, &sb) != 0)
			sb.st_mode = 0;
		if (!S_ISREG(sb.st_mode)) {
			if (!c->st.images_missing++)
				c->st.first_missing = xstrdup(it->image);
		}
	}
	return 0;
}

int catalog_next(struct catalog *c, struct catalog_item *it)
{
	int m = table_next(c->t);

	if (m <= 0)
		return m;
	it->id = table_field(c->t, (size_t)c->id_col);
	it->id_len = table_len(c->t, (size_t)c->id_col);
	if (c->have_labels) {
		it->label = strmap_get(&c->labels, it->id, it->id_len);
		if (!it->label)
			return pc_error_at(table_name(c->t), table_line(c->t),
					   "no label for id '%s' in %s", it->id, c->labels_name);
	} else {
		it->label = c->label_col >= 0 ? table_field(c->t, (size_t)c->label_col) : "";
	}
	for (size_t i = 0; i < c->ntext; i++) {
		it->text[i] = table_field(c->t, (size_t)c->text_col[i]);
		it->text_len[i] = table_len(c->t, (size_t)c->text_col[i]);
	}
	it->ntext = c->ntext;
	if (make_image_path(c, it) < 0)
		return -1;
	c->st.rows++;
	if (*it->label)
		c->st.labelled++;
	return 1;
}

size_t catalog_text_names(const struct catalog *c, const char *const **names)
{
	*names = (const char *const *)c->text_name;
	return c->ntext;
}

const struct catalog_stats *catalog_stats(const struct catalog *c)
{
	return &c->st;
}

void catalog_close(struct catalog *c)
{
	if (!c)
		return;
	table_close(c->t);
	if (c->have_labels)
		strmap_free(&c->labels);
	for (size_t i = 0; i < c->ntext; i++)
		free(c->text_name[i]);
	free(c->labels_name);
	free(c->st.first_missing);
	free(c->root);
	free(c->dir_seen);
	sbuf_free(&c->image);
	free(c);
}
