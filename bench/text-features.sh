#!/bin/bash
# text-features: which text features hold across corpora.  On each corpus, pc-embed
# --fit --text-only with one variant of the text options, then pc-train with no model
# option (it chooses its model on a validation split), then the test rows' accuracy and
# weighted F1.  The variants: the defaults; character n-grams over the description too
# (--char-fields 1,2); no character n-grams; word unigrams only; raw term counts
# (--no-sublinear); the description weighted half and double (--field-weight); the two
# fields hashed together (--no-namespaces).  The last lines rank the variants by their
# mean accuracy over the corpora, and by their worst difference from the defaults.
#
#   bench/text-features.sh [NAME=TRAIN.tsv,TEST.tsv ...]   (run from a build directory)
#     token files (pc-tokenize output); with none:
#       debian  bench/make-text-set.sh's corpus of Debian's package descriptions (real,
#               long descriptions; TEXTSET=DIR reuses one it made)
#       synth   a 20,000-product pc-synth catalogue (seed 1), split 80/20 by row
#       icons   bench/make-icons-set.sh's icon names (real, short titles, no
#               description), when ICONS=DIR holds that set
#   THREADS=N (default 2), VARIANTS="name:options;..." to replace the list, KEEP=DIR
set -euo pipefail
. "$(dirname "$0")/lib.sh"
bench_init text-features pc-synth pc-tokenize pc-embed pc-train pc-predict
VARIANTS=${VARIANTS:-"defaults:;char-desc:--char-fields 1,2;no-char:--char-ngrams 0;unigrams:--word-ngrams 1-1;raw-tf:--no-sublinear;desc-half:--field-weight 1,0.5;desc-double:--field-weight 1,2;one-namespace:--no-namespaces"}

corpora=("$@")
if [ ${#corpora[@]} -eq 0 ]; then
	ts=${TEXTSET:-$W/textset}
	[ -s "$ts/train/X.csv" ] || "$SRC/bench/make-text-set.sh" "$ts" >/dev/null
	pc-tokenize -q "$ts/train/X.csv" -l "$ts/train/Y.csv" -o "$W/debian-train.tsv"
	pc-tokenize -q "$ts/test/X.csv" -l "$ts/test/Y.csv" -o "$W/debian-test.tsv"
	corpora+=("debian=$W/debian-train.tsv,$W/debian-test.tsv")
	pc-synth -q -n 20000 --seed 1 --image-size 16 -t "$THREADS" -f -o "$W/synth"
	pc-tokenize -q "$W/synth/X.csv" -l "$W/synth/Y.csv" -o "$W/synth.tsv"
	awk -F'\t' 'NR == 1 || (NR - 2) % 5 != 0' "$W/synth.tsv" >"$W/synth-train.tsv"
	awk -F'\t' 'NR == 1 || (NR - 2) % 5 == 0' "$W/synth.tsv" >"$W/synth-test.tsv"
	corpora+=("synth=$W/synth-train.tsv,$W/synth-test.tsv")
	if [ -n "${ICONS:-}" ] && [ -s "$ICONS/X_train.csv" ]; then
		pc-tokenize -q "$ICONS/X_train.csv" -l "$ICONS/Y_train.csv" -o "$W/icons-train.tsv"
		pc-tokenize -q "$ICONS/X_test.csv" -l "$ICONS/Y_test.csv" -o "$W/icons-test.tsv"
		corpora+=("icons=$W/icons-train.tsv,$W/icons-test.tsv")
	fi
fi

echo "text features, default pc-train on each; $THREADS threads, load average $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-10s %-14s %-28s %9s %9s  %s\n' corpus variant options accuracy wtd_f1 model
: >"$W/results.tsv"
for c in "${corpora[@]}"; do
	name=${c%%=*} files=${c#*=}
	train=${files%%,*} test=${files#*,}
	IFS=';' read -r -a vs <<<"$VARIANTS"
	for v in "${vs[@]}"; do
		vname=${v%%:*} vopts=${v#*:}
		rm -rf "$W/run"
		# shellcheck disable=SC2086
		pc-embed -q -t "$THREADS" --fit "$W/f.pcm" --text-only $vopts "$train" -o "$W/train.pct"
		pc-train -q -t "$THREADS" -f "$W/f.pcm" "$W/train.pct" -o "$W/m.pcm" --runs "$W/run"
		pc-predict -q -t "$THREADS" -m "$W/m.pcm" --eval "$test" >"$W/e.tsv"
		acc=$(awk -F'\t' '$1 == "accuracy" {print $2}' "$W/e.tsv")
		f1=$(awk -F'\t' '$1 == "weighted_f1" {print $2}' "$W/e.tsv")
		printf '%-10s %-14s %-28s %9.4f %9.4f  %s\n' "$name" "$vname" "${vopts:-(none)}" "$acc" "$f1" \
			"$(cat "$W"/run/0/*/params/model)"
		printf '%s\t%s\t%s\n' "$name" "$vname" "$acc" >>"$W/results.tsv"
	done
done
echo
echo "variant        mean accuracy   worst difference from the defaults (points)"
awk -F'\t' '
	{ acc[$1, $2] = $3; sum[$2] += $3; n[$2]++; if (!($2 in seen)) { seen[$2] = 1; order[++nv] = $2 }
	  if (!($1 in cs)) { cs[$1] = 1; corp[++nc] = $1 } }
	END {
		for (i = 1; i <= nv; i++) {
			v = order[i]; worst = 1e9
			for (j = 1; j <= nc; j++) {
				d = 100 * (acc[corp[j], v] - acc[corp[j], "defaults"])
				if (d < worst) worst = d
			}
			printf "%-14s %13.4f   %+.2f\n", v, sum[v] / n[v], worst
		}
	}' "$W/results.tsv"
