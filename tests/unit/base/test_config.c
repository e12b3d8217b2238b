/* Unit tests for config: YAML parsing, typed accessors, errors, the emitter. */
#include "base/config.h"
#include "base/msg.h"
#include "base/opt.h"
#include "base/xalloc.h"

#include "../testutil.h"

#include <float.h>
#include <limits.h>
#include <math.h>

static char lastmsg[4096];

static struct config *parse(const char *text)
{
	return config_parse("t.yaml", text, strlen(text));
}

/* Expect `text` to be refused with exactly "pc-test: t.yaml:LINE: what". */
static void refused(const char *text, long line, const char *what)
{
	char want[1024];
	struct config *c;

	snprintf(want, sizeof(want), "pc-test: t.yaml:%ld: %s\n", line, what);
	pc_msg_capture(lastmsg, sizeof(lastmsg));
	c = parse(text);
	pc_msg_capture(NULL, 0);
	ck_assert_msg(c == NULL, "accepted: %s", text);
	ck_assert_str_eq(lastmsg, want);
}

static const char doc[] =
	"# a comment\n"
	"paths:\n"
	"  data: /srv/data\n"
	"  empty:\n"
	"train:\n"
	"  epochs: 20\n"
	"  rate: 1e-3\n"
	"  half: .5\n"
	"  neg: -7\n"
	"  plus: +7\n"
	"  big: 99999999999999999999\n"
	"  huge: 1e999\n"
	"  inf: -.inf\n"
	"  nan: .NaN\n"
	"  quoted: \"3\"\n"
	"  squoted: 'yes'\n"
	"  text: hello world\n"
	"  float_int: 3.0\n"
	"  hex: 0x10\n"
	"  tilde: ~\n"
	"  null_word: Null\n"
	"flags: {a: true, b: No, c: ON, d: off, e: yes, f: FALSE, g: maybe}\n"
	"list:\n"
	"  - 1\n"
	"  - two\n"
	"block: |\n"
	"  12\n";

START_TEST(test_config_accessors)
{
	struct config *c;
	const char *s;
	long l;
	double d;
	int b;

	pc_set_progname("pc-test");
	c = parse(doc);
	ck_assert_ptr_nonnull(c);

	ck_assert_int_eq(config_str(c, "paths.data", "x", &s), 0);
	ck_assert_str_eq(s, "/srv/data");
	ck_assert_int_eq(config_str(c, "paths.missing", "dflt", &s), 0);
	ck_assert_str_eq(s, "dflt");
	ck_assert_int_eq(config_str(c, "paths.empty", "dflt", &s), 0);
	ck_assert_str_eq(s, "dflt");
	ck_assert_int_eq(config_str(c, "train.tilde", NULL, &s), 0);
	ck_assert_ptr_null(s);
	ck_assert_int_eq(config_str(c, "train.null_word", "n", &s), 0);
	ck_assert_str_eq(s, "n");
	ck_assert_int_eq(config_str(c, "train.epochs", NULL, &s), 0);
	ck_assert_str_eq(s, "20");
	ck_assert_int_eq(config_str(c, "train.quoted", NULL, &s), 0);
	ck_assert_str_eq(s, "3");
	ck_assert_int_eq(config_str(c, "block", NULL, &s), 0);
	ck_assert_str_eq(s, "12\n");
	ck_assert_int_eq(config_str(c, "nothing.at.all", "d", &s), 0);
	ck_assert_str_eq(s, "d");
	/* a path through a scalar finds nothing */
	ck_assert_ptr_null(config_node(c, "paths.data.deeper"));
	ck_assert_ptr_eq(config_node(c, ""), c->root);

	ck_assert_int_eq(config_long(c, "train.epochs", 0, &l), 0);
	ck_assert_int_eq(l, 20);
	ck_assert_int_eq(config_long(c, "train.neg", 0, &l), 0);
	ck_assert_int_eq(l, -7);
	ck_assert_int_eq(config_long(c, "train.plus", 0, &l), 0);
	ck_assert_int_eq(l, 7);
	ck_assert_int_eq(config_long(c, "train.absent", 5, &l), 0);
	ck_assert_int_eq(l, 5);
	ck_assert_int_eq(config_long(c, "train.tilde", 6, &l), 0);
	ck_assert_int_eq(l, 6);

	ck_assert_int_eq(config_double(c, "train.rate", 0, &d), 0);
	ck_assert(d == 1e-3);
	ck_assert_int_eq(config_double(c, "train.half", 0, &d), 0);
	ck_assert(d == 0.5);
	ck_assert_int_eq(config_double(c, "train.epochs", 0, &d), 0);
	ck_assert(d == 20);
	ck_assert_int_eq(config_double(c, "train.float_int", 0, &d), 0);
	ck_assert(d == 3);
	ck_assert_int_eq(config_double(c, "train.inf", 0, &d), 0);
	ck_assert(isinf(d) && d < 0);
	ck_assert_int_eq(config_double(c, "train.nan", 0, &d), 0);
	ck_assert(isnan(d));
	ck_assert_int_eq(config_double(c, "train.absent", 2.5, &d), 0);
	ck_assert(d == 2.5);

	ck_assert_int_eq(config_bool(c, "flags.a", 0, &b), 0);
	ck_assert_int_eq(b, 1);
	ck_assert_int_eq(config_bool(c, "flags.b", 1, &b), 0);
	ck_assert_int_eq(b, 0);
	ck_assert_int_eq(config_bool(c, "flags.c", 0, &b), 0);
	ck_assert_int_eq(b, 1);
	ck_assert_int_eq(config_bool(c, "flags.d", 1, &b), 0);
	ck_assert_int_eq(b, 0);
	ck_assert_int_eq(config_bool(c, "flags.e", 0, &b), 0);
	ck_assert_int_eq(b, 1);
	ck_assert_int_eq(config_bool(c, "flags.f", 1, &b), 0);
	ck_assert_int_eq(b, 0);
	ck_assert_int_eq(config_bool(c, "flags.zz", 1, &b), 0);
	ck_assert_int_eq(b, 1);

	ck_assert_int_eq(config_node(c, "list")->kind, YAML_SEQ);
	ck_assert_uint_eq(config_node(c, "list")->n, 2);
	ck_assert_int_eq(config_node(c, "list")->items[0]->line, 24);
	ck_assert_int_eq(config_node(c, "train")->line, 6);
	ck_assert_int_eq(config_node(c, "")->key_lines[1], 5);
	ck_assert_int_eq(config_node(c, "train.quoted")->quoted, 1);
	ck_assert_int_eq(config_node(c, "train.epochs")->quoted, 0);
	config_free(c);
}
END_TEST

/* Each accessor error names the file, the line, the key and what was expected. */
START_TEST(test_config_accessor_errors)
{
	struct config *c;
	const char *s;
	long l = 0;
	double d;
	int b;

	pc_set_progname("pc-test");
	c = parse(doc);
	ck_assert_ptr_nonnull(c);
	pc_msg_capture(lastmsg, sizeof(lastmsg));

	ck_assert_int_eq(config_long(c, "train.quoted", 0, &l), -1);
	ck_assert_str_eq(lastmsg, "pc-test: t.yaml:15: train.quoted: expected an integer, "
			 "not the quoted string '3'\n");
	ck_assert_int_eq(config_long(c, "train.rate", 0, &l), -1);
	ck_assert_str_eq(lastmsg, "pc-test: t.yaml:7: train.rate: expected an integer, "
			 "not '1e-3'\n");
	ck_assert_int_eq(config_long(c, "train.float_int", 0, &l), -1);
	ck_assert_int_eq(config_long(c, "train.hex", 0, &l), -1);
	ck_assert_str_eq(lastmsg, "pc-test: t.yaml:19: train.hex: expected an integer, "
			 "not '0x10'\n");
	ck_assert_int_eq(config_long(c, "train.big", 0, &l), -1);
	ck_assert_str_eq(lastmsg, "pc-test: t.yaml:11: train.big: 99999999999999999999 is out "
			 "of range\n");
	ck_assert_int_eq(config_long(c, "train", 0, &l), -1);
	ck_assert_str_eq(lastmsg, "pc-test: t.yaml:6: train: expected an integer, "
			 "not a mapping\n");
	ck_assert_int_eq(config_long(c, "block", 0, &l), -1);
	ck_assert_ptr_nonnull(strstr(lastmsg, "t.yaml:26: block: expected an integer, not the "
				     "quoted string"));

	ck_assert_int_eq(config_double(c, "train.huge", 0, &d), -1);
	ck_assert_str_eq(lastmsg, "pc-test: t.yaml:12: train.huge: 1e999 is out of range\n");
	ck_assert_int_eq(config_double(c, "train.text", 0, &d), -1);
	ck_assert_str_eq(lastmsg, "pc-test: t.yaml:17: train.text: expected a number, "
			 "not 'hello world'\n");
	ck_assert_int_eq(config_double(c, "train.hex", 0, &d), -1);
	ck_assert_int_eq(config_double(c, "list", 0, &d), -1);
	ck_assert_str_eq(lastmsg, "pc-test: t.yaml:24: list: expected a number, "
			 "not a sequence\n");

	ck_assert_int_eq(config_bool(c, "flags.g", 0, &b), -1);
	ck_assert_str_eq(lastmsg, "pc-test: t.yaml:22: flags.g: expected a boolean "
			 "(true/false, yes/no, on/off), not 'maybe'\n");
	ck_assert_int_eq(config_bool(c, "train.squoted", 0, &b), -1);
	ck_assert_str_eq(lastmsg, "pc-test: t.yaml:16: train.squoted: expected a boolean, "
			 "not the quoted string 'yes'\n");
	ck_assert_int_eq(config_bool(c, "train.epochs", 0, &b), -1);

	ck_assert_int_eq(config_str(c, "paths", NULL, &s), -1);
	ck_assert_str_eq(lastmsg, "pc-test: t.yaml:3: paths: expected a string, "
			 "not a mapping\n");
	pc_msg_capture(NULL, 0);
	config_free(c);
}
END_TEST

/* "a: " then `levels` nested flow sequences: levels + 1 collections deep. */
static char *nested(int levels)
{
	char *s = xmalloc((size_t)levels * 2 + 8);
	size_t n = (size_t)sprintf(s, "a: ");

	for (int i = 0; i < levels; i++)
		s[n++] = '[';
	for (int i = 0; i < levels; i++)
		s[n++] = ']';
	strcpy(s + n, "\n");
	return s;
}

START_TEST(test_config_parse_errors)
{
	char *deep, *wide, *dups;
	size_t n;

	pc_set_progname("pc-test");
	refused("a: 1\nb: [1, 2\nc: 3\n", 3,
		"did not find expected ',' or ']'");
	refused("a: 1\n  b: 2\n", 2, "mapping values are not allowed in this context");
	refused("a: 1\nb: 2\na: 3\n", 3, "duplicate key 'a'");
	refused("top:\n  x: 1\n  y:\n    z: 1\n    z: 2\n", 5, "duplicate key 'z'");
	refused("? [a, b]\n: 1\n", 1, "keys must be scalars");
	refused("a: 1\n---\nb: 2\n", 2, "more than one document");
	refused("a: &x 1\nb: *x\n", 1, "anchors and aliases are not supported");
	refused("a: 1\nb: *x\n", 2, "anchors and aliases are not supported");
	refused("a:\n  b: !!str 3\n", 2, "tags are not supported: tag:yaml.org,2002:str");
	refused("a: !custom x\n", 1, "tags are not supported: !custom");
	refused("a: \"nul\\0byte\"\n", 1, "NUL byte in a scalar");
	refused("- 1\n- 2\n", 1, "expected a mapping at the top level");
	refused("just a string\n", 1, "expected a mapping at the top level");
	refused("a: 1\nb: \"\xff\"\n", 2, "invalid leading UTF-8 octet");

	/* nesting: 64 levels pass, 65 do not */
	deep = nested(63);
	{
		struct config *c = parse(deep);

		ck_assert_ptr_nonnull(c);
		config_free(c);
	}
	free(deep);
	deep = nested(64);
	refused(deep, 1, "nested deeper than 64 levels");
	free(deep);

	/* a large mapping with a duplicate reports the later occurrence */
	dups = xmalloc(100 * 16);
	n = 0;
	for (int i = 0; i < 100; i++)
		n += (size_t)sprintf(dups + n, "k%d: %d\n", i == 70 ? 30 : i, i);
	refused(dups, 71, "duplicate key 'k30'");
	free(dups);

	/* the node bound */
	n = YTREE_MAX_NODES + 2;
	wide = xmalloc(2 * n + 16);
	memcpy(wide, "a: [", 4);
	for (size_t i = 0; i < n; i++)
		memcpy(wide + 4 + 2 * i, "0,", 2);
	memcpy(wide + 4 + 2 * n - 1, "]\n", 3);
	refused(wide, 1, "more than 1048576 nodes");
	free(wide);

	/* the size bound */
	wide = xcalloc(YTREE_MAX_BYTES + 1, 1);
	memset(wide, '#', YTREE_MAX_BYTES);
	pc_msg_capture(lastmsg, sizeof(lastmsg));
	ck_assert_ptr_null(config_parse("t.yaml", wide, YTREE_MAX_BYTES + 1));
	ck_assert_str_eq(lastmsg, "pc-test: t.yaml: larger than 16777216 bytes\n");
	pc_msg_capture(NULL, 0);
	free(wide);
}
END_TEST

START_TEST(test_config_empty_and_load)
{
	static const char *const empties[] = { "", "# only a comment\n", "---\n", "~\n" };
	char *dir = tu_tmpdir();
	char *path = tu_path(dir, "c.yaml");
	struct config *c;
	long l;

	pc_set_progname("pc-test");
	for (size_t i = 0; i < sizeof(empties) / sizeof(empties[0]); i++) {
		c = parse(empties[i]);
		ck_assert_ptr_nonnull(c);
		ck_assert_ptr_null(c->root);
		ck_assert_int_eq(config_long(c, "a.b", 9, &l), 0);
		ck_assert_int_eq(l, 9);
		config_free(c);
	}
	tu_write_file(path, "a:\n  b: 4\n", 10);
	c = config_load(path);
	ck_assert_ptr_nonnull(c);
	ck_assert_str_eq(c->name, path);
	ck_assert_int_eq(config_long(c, "a.b", 0, &l), 0);
	ck_assert_int_eq(l, 4);
	config_free(c);

	tu_write_file(path, "a:\n  b: 4\n  b: 5\n", 17);
	pc_msg_capture(lastmsg, sizeof(lastmsg));
	ck_assert_ptr_null(config_load(path));
	ck_assert_ptr_nonnull(strstr(lastmsg, "c.yaml:3: duplicate key 'b'"));
	ck_assert_ptr_null(config_load("/nonexistent/c.yaml"));
	ck_assert_ptr_nonnull(strstr(lastmsg, "cannot open /nonexistent/c.yaml"));
	pc_msg_capture(NULL, 0);
	free(path);
	tu_rmdir(dir);
}
END_TEST

START_TEST(test_config_check_keys)
{
	static const char *const top[] = { "paths", "train", NULL };
	static const char *const train[] = { "epochs", "rate", NULL };
	struct config *c;

	pc_set_progname("pc-test");
	c = parse("paths: {}\ntrain:\n  epochs: 3\n  lerning_rate: 0.1\n");
	ck_assert_ptr_nonnull(c);
	pc_msg_capture(lastmsg, sizeof(lastmsg));
	ck_assert_int_eq(config_check_keys(c, "", top), 0);
	ck_assert_str_eq(lastmsg, "");
	ck_assert_int_eq(config_check_keys(c, "train", train), -1);
	ck_assert_str_eq(lastmsg, "pc-test: t.yaml:4: train.lerning_rate: unknown key\n");
	ck_assert_int_eq(config_check_keys(c, "absent", train), 0);
	ck_assert_int_eq(config_check_keys(c, "", train), -1);
	ck_assert_str_eq(lastmsg, "pc-test: t.yaml:1: paths: unknown key\n");
	pc_msg_capture(NULL, 0);
	config_free(c);
}
END_TEST

/* ---- emitter ---- */

static const char *const strings[] = {
	"plain", "3", "-3", "1.5", ".5", "1e3", "yes", "No", "ON", "true", "null", "~", "",
	"0x1f", "0o17", "1_000", "1:30", ".inf", ".NaN", "a: b", "- item", "#hash", " lead",
	"trail ", "multi\nline\n", "tab\there", "quote\"s", "'single'", "caf\xc3\xa9 \xe2\x82\xac",
	"[flow]", "{x}", "&anchor", "*alias", "!tag", "%percent", "@at", "`tick", "|", ">",
	"key:", "?", "-", "10 cm", "2024-01-01",
};

static const double numbers[] = {
	0.0, -0.0, 1.0, 0.1, -2.5, 1e20, 1e-300, 3.141592653589793, DBL_MAX, DBL_MIN, 5e-324,
	123456789.0, 1.0 / 3.0,
};

static struct ynode *build(void)
{
	struct ynode *root = ynode_map(), *seq = ynode_seq(), *nums = ynode_seq();
	struct ynode *m = ynode_map();

	ynode_set(root, "format", ynode_int(1));
	ynode_set(root, "name", ynode_str("rakuten model"));
	for (size_t i = 0; i < sizeof(strings) / sizeof(strings[0]); i++)
		ynode_push(seq, ynode_str(strings[i]));
	ynode_set(root, "strings", seq);
	for (size_t i = 0; i < sizeof(numbers) / sizeof(numbers[0]); i++)
		ynode_push(nums, ynode_num(numbers[i]));
	ynode_push(nums, ynode_num(INFINITY));
	ynode_push(nums, ynode_num(-INFINITY));
	ynode_push(nums, ynode_num(NAN));
	ynode_set(root, "numbers", nums);
	ynode_set(m, "min", ynode_int(LONG_MIN));
	ynode_set(m, "max", ynode_int(LONG_MAX));
	ynode_set(m, "empty_map", ynode_map());
	ynode_set(m, "empty_seq", ynode_seq());
	ynode_set(root, "ints", m);
	ynode_set(root, "3", ynode_str("numeric key"));
	ynode_set(root, "format", ynode_int(2)); /* replaces, keeps the position */
	return root;
}

START_TEST(test_config_emit_golden)
{
	struct ynode *root = ynode_map(), *classes = ynode_seq(), *net = ynode_map();
	size_t len;
	char *text;

	ynode_set(root, "format", ynode_int(1));
	ynode_set(root, "code", ynode_str("10"));
	ynode_set(root, "rate", ynode_num(0.001));
	ynode_set(root, "one", ynode_num(1));
	ynode_set(root, "big", ynode_num(1e20));
	ynode_set(root, "enabled", ynode_bool(1));
	ynode_set(root, "disabled", ynode_bool(0));
	ynode_set(root, "word", ynode_str("true"));
	ynode_push(classes, ynode_int(10));
	ynode_push(classes, ynode_int(2280));
	ynode_set(root, "classes", classes);
	ynode_set(net, "hidden", ynode_int(512));
	ynode_set(net, "name", ynode_str("fusion"));
	ynode_set(root, "net", net);
	text = ynode_emit(root, &len);
	ck_assert_str_eq(text, "format: 1\n"
			 "code: '10'\n"
			 "rate: 0.001\n"
			 "one: 1.0\n"
			 "big: 1.0e+20\n"
			 "enabled: true\n"
			 "disabled: false\n"
			 "word: 'true'\n"
			 "classes:\n"
			 "- 10\n"
			 "- 2280\n"
			 "net:\n"
			 "  hidden: 512\n"
			 "  name: fusion\n");
	ck_assert_uint_eq(len, strlen(text));
	free(text);
	ynode_free(root);
	text = ynode_emit(NULL, &len);
	ck_assert_str_eq(text, "");
	free(text);
}
END_TEST

START_TEST(test_config_emit_roundtrip)
{
	struct ynode *root = build();
	struct config *c;
	const struct ynode *n;
	size_t len, len2;
	char *text, *text2, path[64];
	const char *s;
	double d;
	long l;

	pc_set_progname("pc-test");
	text = ynode_emit(root, &len);
	ck_assert_ptr_nonnull(text);
	c = config_parse("emitted", text, len);
	ck_assert_msg(c != NULL, "emitted text does not parse:\n%s", text);

	ck_assert_int_eq(config_long(c, "format", 0, &l), 0);
	ck_assert_int_eq(l, 2);
	ck_assert_str_eq(c->root->keys[0], "format");
	ck_assert_str_eq(c->root->keys[5], "3");
	n = config_node(c, "strings");
	ck_assert_uint_eq(n->n, sizeof(strings) / sizeof(strings[0]));
	for (size_t i = 0; i < n->n; i++) {
		ck_assert_int_eq(n->items[i]->kind, YAML_SCALAR);
		ck_assert_str_eq(n->items[i]->scalar, strings[i]);
		/* every string reads back as a string: never a number, boolean or null */
		ck_assert_msg(n->items[i]->quoted || !ynode_plain_is_typed(strings[i]),
			      "'%s' reads back as another type", strings[i]);
	}
	n = config_node(c, "numbers");
	for (size_t i = 0; i < n->n; i++) {
		struct config one = { "emitted", NULL };
		struct ynode *wrap = ynode_map();

		ynode_set(wrap, "v", ynode_str("x"));
		free(wrap->items[0]->scalar);
		wrap->items[0]->scalar = xstrdup(n->items[i]->scalar);
		wrap->items[0]->quoted = n->items[i]->quoted;
		one.root = wrap;
		ck_assert_int_eq(config_double(&one, "v", 0, &d), 0);
		if (i < sizeof(numbers) / sizeof(numbers[0])) {
			ck_assert_msg(d == numbers[i] && signbit(d) == signbit(numbers[i]),
				      "%.17g came back as %s", numbers[i], n->items[i]->scalar);
			/* shortest form: one digit less would not do */
			ck_assert_uint_le(strlen(n->items[i]->scalar), 24);
		}
		ynode_free(wrap);
	}
	ck_assert_str_eq(n->items[sizeof(numbers) / sizeof(numbers[0])]->scalar, ".inf");
	ck_assert_str_eq(n->items[sizeof(numbers) / sizeof(numbers[0]) + 2]->scalar, ".nan");
	ck_assert_str_eq(n->items[3]->scalar, "0.1");
	ck_assert_int_eq(config_long(c, "ints.min", 0, &l), 0);
	ck_assert_int_eq(l, LONG_MIN);
	ck_assert_int_eq(config_long(c, "ints.max", 0, &l), 0);
	ck_assert_int_eq(l, LONG_MAX);
	ck_assert_int_eq(config_node(c, "ints.empty_map")->kind, YAML_MAP);
	ck_assert_int_eq(config_node(c, "ints.empty_seq")->kind, YAML_SEQ);
	snprintf(path, sizeof(path), "3");
	ck_assert_int_eq(config_str(c, path, NULL, &s), 0);
	ck_assert_str_eq(s, "numeric key");

	/* emitting what was parsed gives the same bytes */
	text2 = ynode_emit(c->root, &len2);
	ck_assert_str_eq(text2, text);
	free(text2);
	free(text);
	config_free(c);
	ynode_free(root);
}
END_TEST

START_TEST(test_config_emit_bad_utf8)
{
	struct ynode *root = ynode_map();
	size_t len;

	ynode_set(root, "bad", ynode_str("\xff\xfe"));
	pc_msg_capture(lastmsg, sizeof(lastmsg));
	ck_assert_ptr_null(ynode_emit(root, &len));
	ck_assert_ptr_nonnull(strstr(lastmsg, "is not valid UTF-8"));
	pc_msg_capture(NULL, 0);
	ynode_free(root);
}
END_TEST

START_TEST(test_config_example_file)
{
	const char *src = getenv("PC_SRCDIR");
	char *path = xasprintf("%s/share/prodclass.yaml", src ? src : "..");
	struct config *c = config_load(path);
	const char *str;
	double d;
	long l;

	ck_assert_msg(c != NULL, "%s does not parse", path);
	pc_msg_capture(lastmsg, sizeof(lastmsg));
	/* every section is known (each program checks its own keys: tests/cmd/conventions.test) */
	ck_assert_int_eq(config_check_keys(c, "", opt_config_sections), 0);
	pc_msg_capture(NULL, 0);
	ck_assert_int_eq(config_long(c, "train.epochs", 0, &l), 0);
	ck_assert_int_gt(l, 0);
	ck_assert_int_eq(config_double(c, "train.lr", 0, &d), 0);
	ck_assert(d > 0 && d < 1);
	ck_assert_int_eq(config_double(c, "drift.drift_share", 0, &d), 0);
	ck_assert(d == 0.5);
	ck_assert_int_eq(config_str(c, "drift.correction", "", &str), 0);
	ck_assert_str_eq(str, "bh");
	config_free(c);
	free(path);
}
END_TEST

static Suite *config_suite(void)
{
	Suite *s = suite_create("config");
	TCase *tc = tcase_create("config");

	tcase_add_test(tc, test_config_accessors);
	tcase_add_test(tc, test_config_accessor_errors);
	tcase_add_test(tc, test_config_parse_errors);
	tcase_add_test(tc, test_config_empty_and_load);
	tcase_add_test(tc, test_config_check_keys);
	tcase_add_test(tc, test_config_emit_golden);
	tcase_add_test(tc, test_config_emit_roundtrip);
	tcase_add_test(tc, test_config_emit_bad_utf8);
	tcase_add_test(tc, test_config_example_file);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(config_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
