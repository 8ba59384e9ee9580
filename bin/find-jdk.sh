# shellcheck shell=bash
# Finds a JDK (not a bare JRE: the launcher compiles Tollgate) of version 21 or newer.
# Sourced by ./tollgate and .ci/run; defines functions only, changes no shell options.
#
#   source bin/find-jdk.sh
#   tollgate_find_jdk || exit 1
#   # now TOLLGATE_JAVA_HOME, TOLLGATE_JAVA (the java binary) and TOLLGATE_JAVA_MAJOR are set
#
# Search order: $JAVA_HOME if it is a JDK >= 21; else the highest JDK >= 21 under
# ${TOLLGATE_JVM_DIR:-/usr/lib/jvm}; else the javac found on PATH. Messages go to stderr.

TOLLGATE_MIN_JAVA=21

# Prints the major version of the java binary $1 ("1.8.0_292" -> 8, "25.0.1" -> 25, "21-ea" -> 21),
# or nothing if it does not run.
tollgate_java_major() {
  local line version
  line=$("$1" -version 2>&1 | grep -m1 -E 'version "[^"]+"') || return 1
  version=${line#*version \"}
  version=${version%%\"*}
  if [[ $version == 1.* ]]; then
    version=${version#1.}
  fi
  version=${version%%[!0-9]*}
  [[ -n $version ]] || return 1
  printf '%s\n' "$version"
}

# Prints the major version of the JDK at $1 if it has both java and javac, else fails. Reads it
# from the JDK's release file (JAVA_VERSION="25.0.3"; every JDK since 9 has one) when it can:
# running "java -version" costs 50-100 ms per JDK, paid at every start of the launcher.
tollgate_jdk_major() {
  [[ -x $1/bin/java && -x $1/bin/javac ]] || return 1
  local line version
  if [[ -r $1/release ]] && line=$(grep -m1 '^JAVA_VERSION=' "$1/release"); then
    version=${line#JAVA_VERSION=\"}
    version=${version#1.}
    version=${version%%[!0-9]*}
    if [[ -n $version ]]; then
      printf '%s\n' "$version"
      return 0
    fi
  fi
  tollgate_java_major "$1/bin/java"
}

tollgate_use_jdk() {
  TOLLGATE_JAVA_HOME=$1
  TOLLGATE_JAVA=$1/bin/java
  TOLLGATE_JAVA_MAJOR=$2
}

tollgate_find_jdk() {
  local major home best_home="" best_major=0 javac_path
  if [[ -n ${JAVA_HOME:-} ]]; then
    if major=$(tollgate_jdk_major "$JAVA_HOME") && ((major >= TOLLGATE_MIN_JAVA)); then
      tollgate_use_jdk "$JAVA_HOME" "$major"
      return 0
    fi
    echo "tollgate: JAVA_HOME=$JAVA_HOME is not a JDK ${TOLLGATE_MIN_JAVA}+ (found: ${major:-no JDK}); looking elsewhere" >&2
  fi
  for home in "${TOLLGATE_JVM_DIR:-/usr/lib/jvm}"/*; do
    major=$(tollgate_jdk_major "$home") || continue
    if ((major >= TOLLGATE_MIN_JAVA && major > best_major)); then
      best_home=$home
      best_major=$major
    fi
  done
  if [[ -n $best_home ]]; then
    tollgate_use_jdk "$best_home" "$best_major"
    return 0
  fi
  if javac_path=$(command -v javac) && home=$(dirname "$(dirname "$(readlink -f "$javac_path")")") \
    && major=$(tollgate_jdk_major "$home") && ((major >= TOLLGATE_MIN_JAVA)); then
    tollgate_use_jdk "$home" "$major"
    return 0
  fi
  echo "tollgate: no JDK ${TOLLGATE_MIN_JAVA} or newer found (looked at JAVA_HOME, ${TOLLGATE_JVM_DIR:-/usr/lib/jvm}/* and javac on PATH)." >&2
  echo "tollgate: install one (for example: apt-get install openjdk-21-jdk-headless) or set JAVA_HOME to it." >&2
  return 1
}
