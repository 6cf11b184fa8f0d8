#!/usr/bin/env bash
# `make docker-test`: builds the runtime image of docker/Dockerfile with buildah from a binary built on this machine
# (BINARY_SOURCE=prebuilt; see the Dockerfile), runs it with podman and checks it as a user would: health check,
# a SecureAuth token verified against the JWKS, one default-seed call per other vendor, JSON logs, state kept on a
# volume across a restart, a mounted seed, a non-root process, the image size and the start-to-healthy time.
# Everything it creates is removed on exit, failure or interrupt included, except the debootstrap base image
# (BASE_IMAGE), kept as a cache.
#
# Environment: IDEMU_BINARY (required; `swift build -c release --static-swift-stdlib --product idemu -Xlinker -s`),
# PYTHON (a Python with pyjwt[crypto]), BASE_IMAGE, MAX_IMAGE_MB (60), MAX_START_MS (1000).
# Podman settings follow ../shared/CONTAINERS.md: vfs storage, runc, chroot isolation, host network.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
: "${IDEMU_BINARY:?IDEMU_BINARY must name the idemu binary to package}"
PYTHON=${PYTHON:-python3}
BASE_IMAGE=${BASE_IMAGE:-localhost/idemu-base:bookworm}
SUITE=bookworm
MAX_IMAGE_MB=${MAX_IMAGE_MB:-60}
MAX_START_MS=${MAX_START_MS:-1000}
checks="$root/Tests/Docker/api_checks.py"

run_id="idemu-docker-test-$$"
image="localhost/idemu:docker-test-$$"
volume="$run_id-data"
work=$(mktemp -d "/tmp/$run_id.XXXXXX")
containers=()
image_ids_before="$work/image-ids-before"
buildah_ids_before="$work/buildah-ids-before"
base_id=""

export CONTAINERS_CONF="$work/containers.conf"
printf '[containers]\ndefault_ulimits = []\n[engine]\ncgroup_manager = "cgroupfs"\n' > "$CONTAINERS_CONF"
podman() { command podman --storage-driver vfs --runtime runc "$@"; }
buildah() { command buildah --storage-driver vfs "$@"; }
## Podman without the systemd it has not got here: its "unable to get systemd connection" complaints about
## health-check timers go to a log, shown when the command fails.
podman_quiet() { podman "$@" 2>>"$work/podman.log" >/dev/null || { tail -n 20 "$work/podman.log" >&9; return 1; }; }

# Messages go to the script's own stdout/stderr (fds 8 and 9): a trap that fires during a redirected command
# (for example the build, logged to a file) still runs under that command's redirections.
exec 8>&1 9>&2
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
say() { printf '%s\n' "$*" >&8; }
fail() { printf 'FAIL: %s\n' "$*" >&9; exit 1; }

cleanup() {
    local status=$?
    trap - EXIT INT TERM
    set +e
    for c in "${containers[@]}"; do podman rm -f -v "$c" >/dev/null 2>&1; done
    podman volume rm -f "$volume" >/dev/null 2>&1
    podman rmi -f "$image" >/dev/null 2>&1
    # Working containers and stage images a failed or interrupted build left: the ones that did not exist before.
    if [ -f "$buildah_ids_before" ]; then
        buildah containers -q --notruncate 2>/dev/null | while read -r id; do
            grep -qx "$id" "$buildah_ids_before" || buildah rm "$id" >/dev/null 2>&1
        done
    fi
    if [ -f "$image_ids_before" ]; then
        image_ids --filter dangling=true | while read -r id; do
            [ "$id" = "$base_id" ] || grep -qx "$id" "$image_ids_before" || podman rmi -f "$id" >/dev/null 2>&1
        done
    fi
    # A debootstrap killed half-way may leave /proc or /sys mounted in the rootfs: unmount before deleting.
    grep -o " $work/[^ ]*" /proc/mounts 2>/dev/null | sort -r | while read -r mount; do umount -l "$mount"; done
    rm -rf --one-file-system "$work"
    if [ "$status" -ne 0 ]; then say "docker-test: FAILED (everything it created was removed)"; fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

image_ids() { podman images -a -q --no-trunc "$@" 2>/dev/null | sed 's/^sha256://'; }
free_port() { "$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

## The Debian mirror of this machine's own apt sources (deb822 `URIs:` of a stanza with the suite, or a
## one-line `deb` entry); never a hard-coded host.
debian_mirror() {
    local file
    for file in /etc/apt/sources.list.d/*.sources; do
        [ -f "$file" ] || continue
        awk -v suite="$SUITE" '
            /^[[:space:]]*$/ { if (uri != "" && found) { print uri; exit } uri = ""; found = 0; next }
            /^URIs:/ { uri = $2 }
            /^Suites:/ { for (i = 2; i <= NF; i++) if ($i == suite) found = 1 }
            END { if (uri != "" && found) print uri }' "$file"
    done
    for file in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        [ -f "$file" ] || continue
        awk -v suite="$SUITE" '$1 == "deb" { sub(/\[[^]]*\]/, ""); $0 = $0; for (i = 3; i <= NF; i++) if ($i == suite) { print $2; exit } }' "$file"
    done
}

## A minimal Debian base image from debootstrap, tagged BASE_IMAGE and kept between runs.
ensure_base_image() {
    if podman image exists "$BASE_IMAGE"; then
        say "base: $BASE_IMAGE (cached)"
        return
    fi
    local mirror rootfs="$work/rootfs" started
    mirror=$(debian_mirror | head -n 1)
    [ -n "$mirror" ] || fail "no Debian mirror for $SUITE in /etc/apt/sources.list{,.d/*}"
    started=$(now_ms)
    say "base: debootstrap --variant=minbase $SUITE from $mirror"
    debootstrap --variant=minbase "$SUITE" "$rootfs" "$mirror" > "$work/debootstrap.log" 2>&1 \
        || { tail -n 20 "$work/debootstrap.log" >&9; fail "debootstrap failed"; }
    # Same sources as this machine (updates and security included) when it runs the same suite.
    if grep -qx "VERSION_CODENAME=$SUITE" /etc/os-release && ls /etc/apt/sources.list.d/*.sources >/dev/null 2>&1 \
        && grep -qw "$SUITE" /etc/apt/sources.list.d/*.sources; then
        rm -f "$rootfs/etc/apt/sources.list"
        grep -lw "$SUITE" /etc/apt/sources.list.d/*.sources | xargs -I{} cp {} "$rootfs/etc/apt/sources.list.d/"
    fi
    rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/lib/apt/lists/*
    tar -C "$rootfs" -c . | podman import - "$BASE_IMAGE" >/dev/null 2>>"$work/podman.log" \
        || { tail -n 20 "$work/podman.log" >&9; fail "podman import failed"; }
    rm -rf --one-file-system "$rootfs"
    say "base: $BASE_IMAGE created in $(( $(now_ms) - started )) ms"
}

## Starts container $1 (created beforehand) and runs the image's HEALTHCHECK until it passes; prints the ms.
start_until_healthy() {
    local name=$1 started deadline
    started=$(now_ms)
    podman_quiet start "$name"
    deadline=$(( started + 15000 ))
    until podman healthcheck run "$name" >/dev/null 2>&1; do
        if [ "$(now_ms)" -gt "$deadline" ]; then
            podman logs "$name" | tail -n 20 >&9
            fail "$name is not healthy after 15 s"
        fi
        if [ "$(podman inspect --format '{{.State.Running}}' "$name")" != true ]; then
            podman logs "$name" | tail -n 20 >&9
            fail "$name exited"
        fi
    done
    echo $(( $(now_ms) - started ))
}

## Creates a container of the test image on the host network (CONTAINERS.md); extra podman options follow.
create_container() {
    local name=$1; shift
    containers+=("$name")
    # The image's HEALTHCHECK is run on demand (`podman healthcheck run`): there is no systemd for podman's timer.
    podman_quiet create --name "$name" --network host --health-interval disable -e IDEMU_PORT="$port" "$@" "$image"
}

[ -x "$IDEMU_BINARY" ] || fail "no binary at $IDEMU_BINARY"
image_ids > "$image_ids_before"
buildah containers -q --notruncate > "$buildah_ids_before"
say "binary: $IDEMU_BINARY, $(( $(stat -c %s "$IDEMU_BINARY") / 1000 )) kB"
if ldd "$IDEMU_BINARY" | grep -E 'libswift|libFoundation|libicu' >&9; then
    fail "the binary loads Swift runtime libraries; build it with --static-swift-stdlib"
fi

ensure_base_image
base_id=$(podman image inspect --format '{{.Id}}' "$BASE_IMAGE")

# The build context holds only the binary: the `prebuilt` stage copies it, the rest of the Dockerfile is shared
# with the compile path users take.
mkdir "$work/context"
cp "$IDEMU_BINARY" "$work/context/idemu"
started=$(now_ms)
buildah bud --isolation chroot --format docker --pull=never \
    --build-arg BINARY_SOURCE=prebuilt --build-arg BASE="$BASE_IMAGE" \
    -f "$root/docker/Dockerfile" -t "$image" "$work/context" > "$work/build.log" 2>&1 \
    || { tail -n 30 "$work/build.log" >&9; fail "buildah bud failed"; }
say "image: built $image in $(( $(now_ms) - started )) ms"

size=$(podman image inspect --format '{{.Size}}' "$image")
size_mb=$(awk -v b="$size" 'BEGIN { printf "%.1f", b / 1000000 }')
user=$(podman image inspect --format '{{.Config.User}}' "$image")
say "image: size $size_mb MB ($size bytes; limit $MAX_IMAGE_MB MB), user $user"
[ "$size" -lt $(( MAX_IMAGE_MB * 1000000 )) ] \
    || fail "image is $size_mb MB, over $MAX_IMAGE_MB MB (Foundation and its ICU data linked in? String.contains(String) does that)"
case "${user%%:*}" in ""|0|root) fail "the image runs as root (User=\"$user\")";; esac
[ "$(podman image inspect --format '{{json .Config.Entrypoint}} {{json .Config.Cmd}}' "$image")" = \
  '["idemu"] ["serve","--host","0.0.0.0"]' ] || fail "unexpected ENTRYPOINT/CMD"
[ "$(podman image inspect --format '{{json .Config.Healthcheck.Test}}' "$image")" = '["CMD","idemu","health"]' ] \
    || fail "no HEALTHCHECK CMD [\"idemu\", \"health\"] (was the image built with --format docker?)"
podman image inspect --format '{{json .Config.ExposedPorts}}' "$image" | grep -q '"8080/tcp"' || fail "8080 not exposed"

port=$(free_port)
base_url="http://127.0.0.1:$port"
server_id="docker-test-$$"
podman volume create "$volume" >/dev/null

# 1. State on a volume, JSON logs.
create_container "$run_id-1" -v "$volume:/data" -e IDEMU_DB=/data/idemu.db -e IDEMU_LOG_FORMAT=json
first_ms=$(start_until_healthy "$run_id-1")
say "run 1: healthy $first_ms ms after start (HEALTHCHECK idemu health; --db /data/idemu.db on volume $volume)"
pid=$(podman inspect --format '{{.State.Pid}}' "$run_id-1")
uid=$(awk '/^Uid:/ { print $2 }' "/proc/$pid/status")
say "run 1: process uid $uid"
[ "$uid" != 0 ] || fail "the process runs as root"
"$PYTHON" "$checks" token "$base_url"
"$PYTHON" "$checks" vendors "$base_url"
"$PYTHON" "$checks" create "$base_url" "$server_id"
started=$(now_ms)
podman_quiet stop -t 10 "$run_id-1"
exit_code=$(podman inspect --format '{{.State.ExitCode}}' "$run_id-1")
say "run 1: stopped by SIGTERM in $(( $(now_ms) - started )) ms, exit code $exit_code"
[ "$exit_code" = 0 ] || fail "exit code $exit_code after SIGTERM"
podman logs "$run_id-1" > "$work/run-1.log" 2>&1
"$PYTHON" "$checks" json-logs "$work/run-1.log"

# 2. A new container on the same volume sees the state of the first.
create_container "$run_id-2" -v "$volume:/data" -e IDEMU_DB=/data/idemu.db
second_ms=$(start_until_healthy "$run_id-2")
say "run 2: healthy $second_ms ms after start, same volume"
"$PYTHON" "$checks" exists "$base_url" "$server_id"
podman_quiet stop -t 10 "$run_id-2"

# 3. A seed folder mounted at /seed.
create_container "$run_id-3" -v "$root/seed-data/default:/seed:ro" -e IDEMU_SEED=/seed
third_ms=$(start_until_healthy "$run_id-3")
say "run 3: healthy $third_ms ms after start, seed mounted at /seed"
"$PYTHON" "$checks" config "$base_url" seed=/seed host=0.0.0.0 "port=$port"
"$PYTHON" "$checks" token "$base_url"
podman_quiet stop -t 10 "$run_id-3"

slowest=$(printf '%s\n' "$first_ms" "$second_ms" "$third_ms" | sort -n | tail -n 1)
[ "$slowest" -lt "$MAX_START_MS" ] || fail "start-to-healthy took $slowest ms, over $MAX_START_MS ms"
say "docker-test: PASSED. image $size_mb MB (< $MAX_IMAGE_MB MB); start-to-healthy $first_ms / $second_ms / $third_ms ms (< $MAX_START_MS ms)"
say "docker-test: 1 passed, 0 failed"
