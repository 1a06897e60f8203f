# Heroku compat: the JVM's defaults follow the dyno's memory, as Heroku's JVM buildpack sets them:
# -Xmx300m on a 512 MB dyno, -Xmx671m on 1 GB, and 80% of it on larger ones. The memory is the
# dyno size's quota, BERTH_DYNO_MEMORY_MB, which Berth gives every dyno; else the cgroup limit the
# dyno can see (a container); else a 512 MB dyno's. -XX:MaxRAM tells the JVM that memory, since from
# inside Berth's sandbox it sees the whole machine's. An app's own JAVA_TOOL_OPTIONS come after the
# defaults, so its flags win.
berth_dyno_memory_bytes() {
  case "${BERTH_DYNO_MEMORY_MB:-}" in
    '' | *[!0-9]*) ;;
    *) echo $((BERTH_DYNO_MEMORY_MB * 1048576)); return ;;
  esac
  local file limit
  for file in /sys/fs/cgroup/memory.max /sys/fs/cgroup/memory/memory.limit_in_bytes; do
    [ -r "$file" ] || continue
    limit=$(cat "$file")
    # cgroup v2 says "max" without a limit, v1 a number of thousands of TiB.
    case "$limit" in '' | *[!0-9]*) continue ;; esac
    if [ "$limit" -le 1099511627776 ]; then echo "$limit"; return; fi
  done
}

berth_jvm_options() {
  local bytes
  bytes=$(berth_dyno_memory_bytes)
  case "$bytes" in
    '') echo '-Xmx300m -Xss512k -XX:CICompilerCount=2 -Dfile.encoding=UTF-8' ;;
    536870912) echo "-XX:MaxRAM=$bytes -Xmx300m -Xss512k -XX:CICompilerCount=2 -Dfile.encoding=UTF-8" ;;
    1073741824) echo "-XX:MaxRAM=$bytes -Xmx671m -XX:CICompilerCount=2 -Dfile.encoding=UTF-8" ;;
    *) echo "-XX:MaxRAM=$bytes -XX:MaxRAMPercentage=80.0 -Dfile.encoding=UTF-8" ;;
  esac
}

if [[ "${DYNO:-}" == web.* ]]; then
  echo 'Setting JAVA_TOOL_OPTIONS defaults based on dyno size. Custom settings will override them.' >&2
fi
JAVA_TOOL_OPTIONS="$(berth_jvm_options)${JAVA_TOOL_OPTIONS:+ $JAVA_TOOL_OPTIONS}"
export JAVA_TOOL_OPTIONS
unset -f berth_dyno_memory_bytes berth_jvm_options
