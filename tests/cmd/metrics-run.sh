# Sourced by the metrics tests, from $T: runs every program once on a small synthetic
# catalogue with --metrics into the directory $1 (one file per program, named after it),
# as a cron job would for node_exporter's textfile collector.  Sets PROGRAMS.
PROGRAMS="pc-synth pc-tokenize pc-embed pc-tensor pc-train pc-predict pc-drift pc-promote pc-weeks"

metrics_pipeline() { # DIR
	mkdir -p "$1" || return 1
	pc-synth -n 40 --image-size 32 --seed 4 -o cat -q --metrics "$1/pc-synth.prom" &&
		pc-tokenize cat/X.csv -l cat/Y.csv -i cat/images -o tok.tsv \
			--metrics "$1/pc-tokenize.prom" &&
		pc-embed --fit feat.pcm --dict 8 --fit-images 20 --bits 12 -q tok.tsv -o feat.pct \
			--descriptors desc.tsv --metrics "$1/pc-embed.prom" &&
		pc-tensor info feat.pct -o info.tsv --metrics "$1/pc-tensor.prom" &&
		pc-train -f feat.pcm --epochs 2 --text-hidden 4 --image-hidden 4 --hidden 4 -t 1 \
			feat.pct -o model.pcm --metrics "$1/pc-train.prom" &&
		pc-predict -m model.pcm --eval feat.pct --metrics "$1/pc-predict.prom" >eval.tsv &&
		pc-drift --ignore id,label desc.tsv desc.tsv -o drift.tsv \
			--metrics "$1/pc-drift.prom" &&
		pc-promote -R reg register model.pcm --alias champion -q >register.out \
			--metrics "$1/pc-promote.prom" &&
		pc-weeks init weeks --weeks 1 --size 6 --image-size 16 -q \
			--metrics "$1/pc-weeks.prom"
}
