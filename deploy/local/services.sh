#!/usr/bin/env bash
# Real backing services for local development and integration tests, without Docker:
# a single-node Apache Kafka broker (KRaft) and FerretDB v1 (MongoDB wire protocol on SQLite),
# both on 127.0.0.1. See README.md beside this file.
#
#   deploy/local/services.sh install   fetch/build into the cache (idempotent)
#   deploy/local/services.sh start     install, start both, wait until ready, print exports
#   deploy/local/services.sh env       print the export lines for the running services
#   deploy/local/services.sh status    exit 0 only if both run
#   deploy/local/services.sh stop      stop both and delete their data and logs
#
#   eval "$(deploy/local/services.sh start)"
#
# stdout carries nothing but the export lines, so that the eval above works; every message,
# and the output of mvn/go/java, goes to stderr or to the log files in the state dir.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)

# Absolute, so that pid/cmdline matching and the generated configs do not depend on the cwd.
CACHE=$(realpath -m "${DISCLOSURE_CACHE:-$HOME/.cache/disclosure-pipeline}")
STATE=$(realpath -m "${DISCLOSURE_STATE:-$REPO/.local-services}")
KAFKA_PORT=${KAFKA_PORT:-39092}
KAFKA_CONTROLLER_PORT=${KAFKA_CONTROLLER_PORT:-39093}
MONGO_PORT=${MONGO_PORT:-37017}
START_TIMEOUT=${SERVICES_START_TIMEOUT:-90} # seconds, per service
STOP_TIMEOUT=${SERVICES_STOP_TIMEOUT:-30}   # seconds before SIGKILL

FERRETDB_MODULE=github.com/FerretDB/FerretDB
FERRETDB_VERSION=v1.24.2
FERRETDB_BIN=$CACHE/bin/ferretdb
KAFKA_POM=$HERE/kafka/pom.xml
KAFKA_LOG4J=$HERE/kafka/log4j2.properties

KAFKA_DIR=$STATE/kafka
FERRETDB_DIR=$STATE/ferretdb

log() { printf '[services] %s\n' "$*" >&2; }
die() {
	log "error: $*"
	exit 1
}
need() { command -v "$1" >/dev/null || die "'$1' not found on PATH ($2)"; }

# --- small helpers ------------------------------------------------------------------------------

# bash's /dev/tcp: no nc/ss dependency, and a refused loopback connect returns at once.
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# PID from a pid file, only if that process is alive and still the expected program
# (guards against a stale pid file whose number the kernel has since reused).
live_pid() { # <pidfile> <cmdline substring>
	local pid
	[[ -s $1 ]] || return 1
	pid=$(<"$1")
	[[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 1
	tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$2" || return 1
	echo "$pid"
}

# The markers name this state dir, so instances of other checkouts are never mistaken for ours.
kafka_pid() { live_pid "$KAFKA_DIR/kafka.pid" "kafka.Kafka $KAFKA_DIR/server.properties"; }
ferretdb_pid() { live_pid "$FERRETDB_DIR/ferretdb.pid" "--sqlite-url=file:$FERRETDB_DIR/data/"; }
# Ports of the running instance, which may differ from the current environment's.
kafka_port() { cat "$KAFKA_DIR/port" 2>/dev/null || echo "$KAFKA_PORT"; }
mongo_port() { cat "$FERRETDB_DIR/port" 2>/dev/null || echo "$MONGO_PORT"; }
kafka_running() { kafka_pid >/dev/null && port_open "$(kafka_port)"; }
ferretdb_running() { ferretdb_pid >/dev/null && port_open "$(mongo_port)"; }

tail_log() { # <file>: shown on failures, because the reason is almost always in there
	log "last lines of $1:"
	tail -n "${2:-40}" "$1" 2>/dev/null | sed 's/^/    /' >&2 || true
}

# Start a daemon in its own session, detached from the caller's terminal and from the
# $(...) of `eval "$(services.sh start)"` (which would otherwise wait for its stdout to close).
# The process writes its own pid before exec'ing, so the pid file is right even if setsid forks.
# fd 9 (the install/start lock) must not leak into the daemon or it would hold the lock forever.
spawn() { # <pidfile> <logfile> <command...>
	local pidfile=$1 logfile=$2
	shift 2
	# shellcheck disable=SC2016 # expanded by the inner bash, on purpose
	setsid bash -c 'echo $$ >"$0"; exec "$@"' "$pidfile" "$@" </dev/null >"$logfile" 2>&1 9>&- &
}

# One start/stop/install at a time per cache: concurrent test runners calling `start` would
# otherwise race on formatting Kafka's log dir or on the jar cache.
lock() {
	mkdir -p "$CACHE"
	exec 9>"$CACHE/.services.lock"
	if ! flock -n 9; then
		log "waiting for another services.sh to finish..."
		flock 9
	fi
}

# --- install ------------------------------------------------------------------------------------

# The jar directory is keyed by the POM's hash, so editing the Kafka version re-resolves.
kafka_libs() { echo "$CACHE/kafka/libs-$(sha256sum "$KAFKA_POM" | cut -c1-12)"; }
kafka_version() { # from the broker jar's name, e.g. kafka_2.13-4.1.2.jar -> 4.1.2
	local jars
	jars=("$(kafka_libs)"/kafka_2.13-*.jar)
	[[ -e ${jars[0]} ]] || { echo unknown; return; }
	jars[0]=${jars[0]##*/kafka_2.13-}
	echo "${jars[0]%.jar}"
}
kafka_installed() { [[ -f $(kafka_libs)/.complete ]]; }

install_kafka() {
	need java "Kafka 4.x needs Java 17+"
	need mvn "used to fetch the Kafka jars from Maven Central"
	local libs tmp
	libs=$(kafka_libs)
	tmp=$libs.tmp.$$
	log "fetching Apache Kafka jars from Maven Central into $libs ..."
	rm -rf "$libs".tmp.* # leftovers of a failed run (installs are serialized by the lock)
	# sed: Debian's Maven 3.8.7 prints stray ANSI resets even in batch mode (-B).
	mvn -B -q -f "$KAFKA_POM" dependency:copy-dependencies -Dkafka.libs.dir="$tmp" 2>&1 |
		sed 's/\x1b\[[0-9;]*m//g' >&2
	ls "$tmp"/kafka_2.13-*.jar >/dev/null 2>&1 || die "Maven produced no kafka_2.13 jar in $tmp"
	touch "$tmp/.complete"
	# Rename into place so a half-copied directory never looks complete.
	mv -T "$tmp" "$libs" 2>/dev/null || rm -rf "$tmp"
	log "Kafka $(kafka_version) jars ready"
}

ferretdb_installed() {
	[[ -x $FERRETDB_BIN ]] &&
		[[ $("$FERRETDB_BIN" --version 2>/dev/null | sed -n 's/^version: //p') == "$FERRETDB_VERSION" ]]
}

# Why not simply `go install github.com/FerretDB/FerretDB/cmd/ferretdb@v1.24.2`:
#  1. The resulting binary panics at startup ("Invalid build/version/version.txt file content"):
#     FerretDB's build/version package insists on a generated version.txt, which is not part of
#     the module zip, whenever FerretDB is the main module.
#  2. `go install pkg@version` looks up the module's latest version (deprecation check), and the
#     module proxy reachable here refuses the version list of this module (HTTP 403).
# So: download the exact module version (checksum-verified like any module), copy it, add the
# version.txt its release process would generate, and `go install` from that copy. Its own
# go.mod/go.sum pin the dependencies, exactly as `go install ...@v1.24.2` would.
install_ferretdb() {
	need go "used to build FerretDB from the Go module proxy"
	local src build
	log "building FerretDB $FERRETDB_VERSION into $CACHE/bin (first time only, ~1-2 min) ..."
	export GOWORK=off GOFLAGS=-buildvcs=false CGO_ENABLED=0
	src=$(go mod download -json "$FERRETDB_MODULE@$FERRETDB_VERSION" |
		sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
	[[ -d $src ]] || die "go mod download $FERRETDB_MODULE@$FERRETDB_VERSION gave no source dir"
	build=$CACHE/src/ferretdb-$FERRETDB_VERSION
	rm -rf "$CACHE/src" # scratch space only; leftovers of a failed run
	mkdir -p "$CACHE/src"
	cp -R "$src" "$build"
	chmod -R u+w "$build" # the module cache is read-only
	echo "$FERRETDB_VERSION" >"$build/build/version/version.txt"
	(cd "$build" && GOBIN=$CACHE/bin go install ./cmd/ferretdb) >&2
	rm -rf "$CACHE/src"
	ferretdb_installed || die "built $FERRETDB_BIN but it does not report $FERRETDB_VERSION"
	log "FerretDB $FERRETDB_VERSION ready"
}

cmd_install() {
	local pids=() rc=0 pid
	# Cold installs are network-bound (Maven) and CPU-bound (Go): run them side by side.
	kafka_installed || {
		install_kafka &
		pids+=($!)
	}
	ferretdb_installed || {
		install_ferretdb &
		pids+=($!)
	}
	for pid in "${pids[@]}"; do wait "$pid" || rc=1; done
	((rc == 0)) || die "install failed (see above)"
}

# --- Kafka --------------------------------------------------------------------------------------

write_kafka_config() {
	cat >"$KAFKA_DIR/server.properties" <<EOF
# Generated by deploy/local/services.sh on every start; edit the script, not this file.
process.roles=broker,controller
node.id=1
# Static quorum: a single voter, no need for 'format --standalone'.
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$KAFKA_DIR/data

# One node: every internal topic must have replication factor 1, or consumer groups
# (__consumer_offsets) and idempotent/transactional producers (__transaction_state) block.
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
# Fewer internal partitions: faster first group join and less to load on a 2-core machine.
offsets.topic.num.partitions=1
transaction.state.log.num.partitions=1

# Tests: no 3 s wait before the first rebalance of every new group.
group.initial.rebalance.delay.ms=0
num.partitions=4
auto.create.topics.enable=true

# Accept messages up to 10 MiB (clients must raise max_request_size themselves).
message.max.bytes=10485760
replica.fetch.max.bytes=10485760

num.network.threads=2
num.io.threads=2
num.recovery.threads.per.data.dir=1
EOF
}

# Kafka cluster IDs are 16 random bytes in URL-safe base64 without padding; Kafka itself never
# hands out one starting with '-' (it would read as a CLI flag). Done in bash to save a JVM start.
random_cluster_id() {
	local id
	while :; do
		id=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')
		[[ $id == -* ]] || break
	done
	echo "$id"
}

# Class-data sharing (AppCDS): the first broker to exit cleanly dumps the classes it loaded into
# an archive (published to the jar cache by `stop`); later JVMs map that archive instead of
# parsing ~40 MB of jars. Measured on 2 cores: format 0.7 -> 0.5 s, broker 1.9 -> 1.2 s.
# An archive fits only the exact JVM and jars, hence the key; on a mismatch the JVM ignores it.
kafka_cds_archive() {
	local java_bin
	java_bin=$(readlink -f "$(command -v java)")
	echo "$(kafka_libs)/cds-$(stat -c '%n:%s:%Y' "$java_bin" | sha256sum | cut -c1-12).jsa"
}

# The JVM command line, shared by `format` and the broker. The classpath is simply every
# resolved jar, as kafka-run-class.sh does with libs/*.
# -Xms256m -Xmx1g: plenty for tests (the tarball uses 1G/1G, also for `format`).
# G1 flags as in kafka-run-class.sh. TieredStopAtLevel=1 (C1 only) shortens JIT warm-up;
# peak throughput does not matter for local tests.
kafka_java_cmd() {
	local cds
	cds=$(kafka_cds_archive)
	KAFKA_JAVA=(java -Xms256m -Xmx1g
		-XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35
		-XX:+ExplicitGCInvokesConcurrent -XX:TieredStopAtLevel=1 -XX:+ExitOnOutOfMemoryError
		-Djava.awt.headless=true
		-Dlog4j2.configurationFile="$KAFKA_LOG4J" -Dkafka.logs.dir="$KAFKA_DIR/logs"
		-cp "$(kafka_libs)/*")
	if [[ -f $cds ]]; then
		KAFKA_JAVA+=(-XX:SharedArchiveFile="$cds")
		KAFKA_CDS_DUMP=()
	else
		KAFKA_CDS_DUMP=(-XX:ArchiveClassesAtExit="$KAFKA_DIR/cds.jsa")
	fi
}

# Called by `stop` after the broker exited on SIGTERM (a killed JVM writes no archive).
publish_kafka_cds() {
	local src=$KAFKA_DIR/cds.jsa dst
	[[ -s $src ]] || return 0
	dst=$(kafka_cds_archive)
	[[ ! -f $dst ]] || return 0
	# copy + rename: the state dir may be on another filesystem than the cache
	cp "$src" "$dst.tmp.$$" && mv -f "$dst.tmp.$$" "$dst"
}

start_kafka() {
	if kafka_running; then
		log "kafka: already running (pid $(kafka_pid), 127.0.0.1:$(kafka_port))"
		[[ $(kafka_port) == "$KAFKA_PORT" ]] ||
			log "kafka: note: running on port $(kafka_port), not KAFKA_PORT=$KAFKA_PORT; 'stop' first to change it"
		return
	fi
	if kafka_pid >/dev/null; then
		log "kafka: process $(kafka_pid) exists but does not answer yet; waiting for it"
		return
	fi
	mkdir -p "$KAFKA_DIR/data" "$KAFKA_DIR/logs"
	write_kafka_config
	echo "$KAFKA_PORT" >"$KAFKA_DIR/port"
	kafka_java_cmd
	# A log dir left by a broker that died without 'stop' is reused as it is: formatting it
	# again fails (even with --ignore-formatted) because the cluster id would differ.
	if [[ -f $KAFKA_DIR/data/meta.properties ]]; then
		log "kafka: reusing the log dir of a previous run that was not stopped"
	elif ! "${KAFKA_JAVA[@]}" kafka.tools.StorageTool format -t "$(random_cluster_id)" \
		-c "$KAFKA_DIR/server.properties" >"$KAFKA_DIR/format.log" 2>&1; then
		tail_log "$KAFKA_DIR/format.log"
		die "kafka: formatting the log dir failed"
	fi
	[[ ! -f $KAFKA_DIR/kafka.log ]] || mv -f "$KAFKA_DIR/kafka.log" "$KAFKA_DIR/kafka.log.prev"
	log "kafka: starting Kafka $(kafka_version) on 127.0.0.1:$KAFKA_PORT (controller :$KAFKA_CONTROLLER_PORT)"
	spawn "$KAFKA_DIR/kafka.pid" "$KAFKA_DIR/kafka.log" \
		"${KAFKA_JAVA[@]}" "${KAFKA_CDS_DUMP[@]}" kafka.Kafka "$KAFKA_DIR/server.properties"
}

# --- FerretDB -----------------------------------------------------------------------------------

start_ferretdb() {
	if ferretdb_running; then
		log "ferretdb: already running (pid $(ferretdb_pid), 127.0.0.1:$(mongo_port))"
		[[ $(mongo_port) == "$MONGO_PORT" ]] ||
			log "ferretdb: note: running on port $(mongo_port), not MONGO_PORT=$MONGO_PORT; 'stop' first to change it"
		return
	fi
	if ferretdb_pid >/dev/null; then
		log "ferretdb: process $(ferretdb_pid) exists but does not answer yet; waiting for it"
		return
	fi
	mkdir -p "$FERRETDB_DIR/data"
	echo "$MONGO_PORT" >"$FERRETDB_DIR/port"
	[[ ! -f $FERRETDB_DIR/ferretdb.log ]] || mv -f "$FERRETDB_DIR/ferretdb.log" "$FERRETDB_DIR/ferretdb.log.prev"
	log "ferretdb: starting FerretDB $FERRETDB_VERSION (sqlite) on 127.0.0.1:$MONGO_PORT"
	# --debug-addr=-: no extra HTTP port that could collide; --telemetry=disable: no beacon.
	spawn "$FERRETDB_DIR/ferretdb.pid" "$FERRETDB_DIR/ferretdb.log" \
		"$FERRETDB_BIN" --handler=sqlite --sqlite-url="file:$FERRETDB_DIR/data/" \
		--listen-addr="127.0.0.1:$MONGO_PORT" --debug-addr=- --telemetry=disable \
		--state-dir="$FERRETDB_DIR" --log-level=info
}

# A real MongoDB `ping` command over the wire protocol (an open port alone is not "ready").
# FerretDB's own `ferretdb ping` cannot be used: it insists on --setup-username and then fails
# SCRAM authentication against an instance without users. There is no mongo shell here, and
# the project's Python environment may not exist yet, so this speaks OP_MSG with the stdlib.
ferretdb_ping() {
	python3 - "$(mongo_port)" <<'PY'
import socket, struct, sys

def cstring(s):
    return s.encode() + b"\0"

# BSON {ping: 1, $db: "admin"}
body = b"\x10" + cstring("ping") + struct.pack("<i", 1)
body += b"\x02" + cstring("$db") + struct.pack("<i", 6) + cstring("admin")
doc = struct.pack("<i", len(body) + 5) + body + b"\0"
msg = struct.pack("<I", 0) + b"\0" + doc  # flagBits, section kind 0, document
header = struct.pack("<iiii", 16 + len(msg), 1, 0, 2013)  # 2013 = OP_MSG
try:
    with socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=2) as s:
        s.sendall(header + msg)
        reply = b""
        while len(reply) < 4 or len(reply) < struct.unpack("<i", reply[:4])[0]:
            chunk = s.recv(65536)
            if not chunk:
                sys.exit(1)
            reply += chunk
except OSError:
    sys.exit(1)
# the reply document must contain ok: 1.0 (BSON double)
sys.exit(0 if b"\x01ok\x00" + struct.pack("<d", 1.0) in reply else 1)
PY
}

# --- readiness ----------------------------------------------------------------------------------

wait_ready() { # <name> <pid function> <ready check> <log file>
	local name=$1 pidf=$2 check=$3 logfile=$4 deadline=$((SECONDS + START_TIMEOUT)) pid
	while :; do
		if ! pid=$($pidf); then
			tail_log "$logfile"
			die "$name: process exited during startup; see the log, then run '$0 stop' to clean up"
		fi
		if $check; then
			return 0
		fi
		if ((SECONDS >= deadline)); then
			tail_log "$logfile"
			log "$name: killing pid $pid, which was not ready after ${START_TIMEOUT}s"
			kill -KILL "$pid" 2>/dev/null || true
			die "$name: not ready after ${START_TIMEOUT}s; run '$0 stop' to clean up"
		fi
		sleep 0.2
	done
}

# "Kafka Server started" is logged by KafkaRaftServer once broker and controller are up.
kafka_ready() { grep -q 'Kafka Server started' "$KAFKA_DIR/kafka.log" 2>/dev/null && port_open "$(kafka_port)"; }
ferretdb_ready() { ferretdb_ping; }

# --- commands -----------------------------------------------------------------------------------

print_env() {
	echo "export KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:$(kafka_port)"
	echo "export MONGODB_URI=mongodb://127.0.0.1:$(mongo_port)/"
}

# Before launching anything: a taken port should not leave the other service half-started.
check_ports() {
	local p
	if ! ferretdb_pid >/dev/null && port_open "$MONGO_PORT"; then
		die "port $MONGO_PORT is taken by another process; set MONGO_PORT"
	fi
	if ! kafka_pid >/dev/null; then
		for p in "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT"; do
			! port_open "$p" || die "port $p is taken by another process; set KAFKA_PORT/KAFKA_CONTROLLER_PORT"
		done
	fi
}

cmd_start() {
	need python3 "used to ping FerretDB"
	lock
	cmd_install
	check_ports
	mkdir -p "$STATE"
	# FerretDB is up in well under a second; launch it first and let it start while the JVM
	# formats Kafka's log dir.
	start_ferretdb
	start_kafka
	wait_ready ferretdb ferretdb_pid ferretdb_ready "$FERRETDB_DIR/ferretdb.log"
	wait_ready kafka kafka_pid kafka_ready "$KAFKA_DIR/kafka.log"
	log "ready: kafka 127.0.0.1:$(kafka_port), ferretdb 127.0.0.1:$(mongo_port); logs in $STATE"
	print_env
}

cmd_env() {
	if ! kafka_running || ! ferretdb_running; then
		die "services are not running; use '$0 start'"
	fi
	print_env
}

cmd_status() {
	local rc=0
	if kafka_running; then
		echo "kafka:    running  pid $(kafka_pid), 127.0.0.1:$(kafka_port), Kafka $(kafka_version), log $KAFKA_DIR/kafka.log"
	else
		echo "kafka:    stopped"
		rc=1
	fi
	if ferretdb_running; then
		echo "ferretdb: running  pid $(ferretdb_pid), 127.0.0.1:$(mongo_port), FerretDB $FERRETDB_VERSION, log $FERRETDB_DIR/ferretdb.log"
	else
		echo "ferretdb: stopped"
		rc=1
	fi
	return "$rc"
}

stop_one() { # <name> <pid function>; fails if the process had to be killed
	local name=$1 pid deadline
	pid=$($2) || return 0
	log "$name: stopping pid $pid"
	kill -TERM "$pid" 2>/dev/null || return 0
	deadline=$((SECONDS + STOP_TIMEOUT))
	while kill -0 "$pid" 2>/dev/null; do
		if ((SECONDS >= deadline)); then
			log "$name: still running after ${STOP_TIMEOUT}s, sending SIGKILL"
			kill -KILL "$pid" 2>/dev/null || true
			return 1
		fi
		sleep 0.2
	done
}

cmd_stop() {
	lock
	# In parallel: Kafka's controlled shutdown takes a few seconds, FerretDB's almost none.
	stop_one kafka kafka_pid &
	local kpid=$!
	stop_one ferretdb ferretdb_pid || true
	if wait "$kpid"; then
		publish_kafka_cds
	fi
	# Only our own subdirectories: DISCLOSURE_STATE may point somewhere shared.
	rm -rf "$KAFKA_DIR" "$FERRETDB_DIR"
	rmdir "$STATE" 2>/dev/null || true
	log "stopped; removed data and logs under $STATE"
}

usage() {
	sed -n '2,16s/^# \{0,1\}//p' "${BASH_SOURCE[0]}" >&2
	exit 2
}

case ${1:-} in
install)
	lock
	cmd_install
	;;
start) cmd_start ;;
env) cmd_env ;;
status) cmd_status ;;
stop) cmd_stop ;;
*) usage ;;
esac
