# Sourced by the scripts that import a generated département: reads --schools N and --pupils M (defaults
# from SCHOOLS and PUPILS set before sourcing), and checks that the application jar is built (JAR).
while [ $# -gt 0 ]; do
  case "$1" in
    --schools) SCHOOLS=$2; shift 2 ;;
    --pupils) PUPILS=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
JAR=app/target/intrascol-sync.jar
[ -f "$JAR" ] || { echo "build first: mvn -q -B install -DskipTests" >&2; exit 1; }
