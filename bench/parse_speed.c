/* parse_speed: time the toolkit's CSV or TSV reader over a file on one core and print
 * "records bytes seconds MB/s". */
#include "formats/csv.h"
#include "base/msg.h"
#include "base/progress.h"
#include "formats/tsv.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

int main(int argc, char **argv)
{
	unsigned long long records = 0, fieldbytes = 0;
	struct stat st;
	double t0, dt;
	int m;

	pc_set_progname(argv[0]);
	if (argc != 3 || (strcmp(argv[1], "csv") && strcmp(argv[1], "tsv")))
		pc_die("usage: parse_speed csv|tsv FILE");
	if (stat(argv[2], &st) != 0)
		pc_die("cannot stat %s", argv[2]);
	t0 = pc_now();
	if (!strcmp(argv[1], "csv")) {
		struct csv *c = csv_open(argv[2]);

		if (!c)
			return 2;
		while ((m = csv_next(c)) > 0) {
			records++;
			for (size_t i = 0; i < csv_nfields(c); i++)
				fieldbytes += csv_len(c, i);
		}
		csv_close(c);
	} else {
		struct tsv *t = tsv_open(argv[2]);

		if (!t)
			return 2;
		while ((m = tsv_next(t)) > 0) {
			records++;
			for (size_t i = 0; i < t->nf; i++)
				fieldbytes += t->f[i].len;
		}
		tsv_close(t);
	}
	dt = pc_now() - t0;
	if (m < 0)
		return 2;
	printf("%llu %lld %.3f %.1f\n", records, (long long)st.st_size, dt,
	       (double)st.st_size / 1e6 / dt);
	return fieldbytes == 0 && records > 0;
}
