# Helpers for the pc-serve tests (sourced after lib.sh): a small registry, a server on an
# ephemeral loopback port that the test starts and stops itself, and requests with curl.

if ! command -v curl >/dev/null 2>&1; then
	echo "curl is missing (scripts/install-deps.sh installs it): skipped"
	exit 77
fi

# serve_setup: a catalogue of 240 products with small photos (cat/), its tokens, a
# featurizer, three models of different strength on it, and a registry reg/ with v1 as the
# champion and v2, v3 registered; a token file.
serve_setup() {
	pc-synth -n 240 -o cat --image-size 48 -s 7 -q &&
		pc-tokenize cat/X.csv -l cat/Y.csv -i cat/images -o tok.tsv &&
		pc-embed --fit feat.pcm --bits 14 --dict 32 tok.tsv -o all.pct -q &&
		pc-train -f feat.pcm all.pct -o m1.pcm --epochs 2 -q &&
		pc-train -f feat.pcm all.pct -o m2.pcm --epochs 6 -q &&
		pc-train -f feat.pcm all.pct -o m3.pcm --epochs 12 -q &&
		pc-promote -R reg register m1.pcm --alias champion >/dev/null &&
		pc-promote -R reg register m2.pcm >/dev/null &&
		pc-promote -R reg register m3.pcm >/dev/null || return 1
	printf 'serve-test-token-0123456789abcdef\n' >token
	chmod 600 token
	TOKEN=serve-test-token-0123456789abcdef
}

# serve_start ARGS...: start pc-serve on an ephemeral port with ARGS; sets URL and SPID.
# Under SERVE_VALGRIND=1 it runs under valgrind (slow: for the short leak check only).
serve_start() {
	rm -f ready
	if [ "${SERVE_VALGRIND:-0}" = 1 ]; then
		valgrind -q --leak-check=full --show-leak-kinds=definite,indirect \
			--errors-for-leak-kinds=definite,indirect --error-exitcode=99 \
			pc-serve --listen 127.0.0.1:0 --ready-file ready --token-file token "$@" \
			2>>serve.err &
	else
		pc-serve --listen 127.0.0.1:0 --ready-file ready --token-file token "$@" 2>>serve.err &
	fi
	SPID=$!
	i=0
	while [ ! -s ready ] && [ $i -lt 1200 ]; do
		if ! kill -0 "$SPID" 2>/dev/null; then break; fi
		sleep 0.1
		i=$((i + 1))
	done
	if [ ! -s ready ]; then
		echo "pc-serve did not start:" >&2
		tail -5 serve.err >&2
		return 1
	fi
	URL=$(cat ready)
}

# serve_stop: SIGTERM, and the exit status in $src (0 expected).
serve_stop() {
	kill -TERM "$SPID" 2>/dev/null
	wait "$SPID"
	src=$?
}

# req METHOD PATH [CURL ARGS...]: with the token; the status in $code, the body in body.
req() {
	m=$1
	p=$2
	shift 2
	code=$(curl -s -o body -w '%{http_code}' --max-time 30 -X "$m" \
		-H "Authorization: Bearer $TOKEN" "$@" "$URL$p")
}

# noauth METHOD PATH [CURL ARGS...]: the same without the token.
noauth() {
	m=$1
	p=$2
	shift 2
	code=$(curl -s -o body -w '%{http_code}' --max-time 30 -X "$m" "$@" "$URL$p")
}

# expect_code N DESCRIPTION
expect_code() {
	if [ "$code" = "$1" ]; then ok; else
		fail "$2: status $code, expected $1: $(head -c 300 body 2>/dev/null)"; fi
}

# alive DESCRIPTION: the server still answers /healthz.
alive() {
	c=$(curl -s -o healthz.out -w '%{http_code}' --max-time 10 "$URL/healthz")
	if [ "$c" = 200 ]; then ok; else fail "the server stopped answering after: $1"; fi
}

# json_get FILE EXPR: a value from a JSON file, by a Python expression on `j`.
json_get() {
	"$PYTHON3" -c 'import json, sys; j = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"
}
