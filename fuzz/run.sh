#!/usr/bin/env bash
# Builds the libFuzzer targets (HTTP parser + router, JSON parser) with ASan and runs each for FUZZ_SECONDS.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-60}
out=fuzz/out
mkdir -p "$out/corpus-http" "$out/corpus-json"
flags=(-sanitize=fuzzer,address -parse-as-library -O -g)
module() {  # module NAME SOURCES... : a static library and its .swiftmodule, instrumented for fuzzing
  local name=$1; shift
  swiftc "${flags[@]}" -emit-library -static -emit-module -module-name "$name" -I "$out" \
    -I Sources/CHTTPParser -I Sources/CLibUV "$@" -o "$out/lib$name.a" -emit-module-path "$out/$name.swiftmodule"
}
echo "building fuzz targets (log: $out/build.log)"
{
  module Primitives Sources/Primitives/*.swift
  module HTTP Sources/HTTP/*.swift
  swiftc "${flags[@]}" -I "$out" -I Sources/CHTTPParser -I Sources/CLibUV fuzz/HTTPFuzz.swift \
    "$out/libHTTP.a" "$out/libPrimitives.a" -lhttp_parser -luv -o "$out/http-fuzz"
  swiftc "${flags[@]}" -module-name JSONFuzz Sources/JSON/*.swift fuzz/JSONFuzz.swift -o "$out/json-fuzz"
} >"$out/build.log" 2>&1 || { tail -30 "$out/build.log"; exit 1; }

# Seeds: a few valid documents so the fuzzers start from interesting shapes.
printf 'GET /acme/demo/oauth2/token?x=1 HTTP/1.1\r\nHost: h\r\nCookie: a=b\r\nAuthorization: Basic dTpw\r\n\r\n' > "$out/corpus-http/get"
printf 'POST /t/acme/oauth2/token HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n5;x=y\r\na=b&c\r\n0\r\nT: 1\r\n\r\n' > "$out/corpus-http/chunked"
printf '{"a":[1,2.5,-3e4,true,null,"\\u00e9\\ud83d\\ude00"],"b":{"c":""}}' > "$out/corpus-json/doc"

status=0
for target in http json; do
  echo "fuzzing $target for ${seconds}s"
  "$out/$target-fuzz" -max_total_time="$seconds" -max_len=8192 -timeout=5 -rss_limit_mb=2048 \
    -print_final_stats=1 "$out/corpus-$target" 2>"$out/$target.log" || status=$?
  grep -E "stat::number_of_executed_units|stat::peak_rss_mb|ERROR|SUMMARY" "$out/$target.log" || true
  if [ $status -ne 0 ]; then echo "$target fuzzer failed (exit $status); see $out/$target.log"; exit $status; fi
done
echo "fuzzing finished: no crash, leak or timeout"
