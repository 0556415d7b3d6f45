#!/bin/sh
# guest.sh: what the arm64 test VM runs, from /burrow (check.sh's stage):
#   burrow, unit          the static aarch64 builds
#   path-check, trap-check  the in-guest runtime's freestanding checks
#   helpers/              the static aarch64 test helpers
#   src/tests/            the tests (integration, fixtures, aarch64)
#   config                NONCE, PARTS and the host's test settings
#   /fixtures             the arm64 fixtures' disk, mounted by /init
#
# Each part prints its own output, then a marker line
#   @@NONCE PART rc=N@@
# that check.sh reads.  PARTS (default "unit integration arm64") picks
# them; GUEST_CMD, when set, is run instead (check.sh -c).
. /burrow/config

# The prebuilt fixtures (fixtures.sh), which tests/fixtures/*.sh look in.
[ -f /fixtures/.complete ] && export BURROW_FIXTURES=/fixtures

mark() { printf '\n@@%s %s rc=%d@@\n' "$NONCE" "$1" "$2"; }

if [ -n "${GUEST_CMD:-}" ]; then
	sh -c "$GUEST_CMD"
	mark command $?
	exit 0
fi

for part in ${PARTS:-unit integration arm64}; do
	case $part in
	unit)
		echo "== unit tests (aarch64, $(uname -r))"
		# TCG emulates the CPU ~10-20 times slower than the host runs:
		# Check's 4 s per test is too short for the slowest ones.
		# The in-guest runtime's freestanding checks first (they say
		# what failed on stderr), then Check's suites.
		rc=0
		/burrow/path-check || { echo "path-check: failed"; rc=1; }
		/burrow/trap-check || { echo "trap-check: failed"; rc=1; }
		CK_TIMEOUT_MULTIPLIER=${CK_TIMEOUT_MULTIPLIER:-10} /burrow/unit || rc=$?
		mark unit $rc
		;;
	integration)
		echo "== integration tests (aarch64)"
		# shellcheck disable=SC2086
		BURROW=/burrow/burrow HELPERS=/burrow/helpers \
			sh /burrow/src/tests/integration/run.sh ${IT_WORDS:-}
		mark integration $?
		;;
	arm64)
		echo "== aarch64 checks"
		BURROW=/burrow/burrow HELPERS=/burrow/helpers \
			sh /burrow/src/tests/integration/arm64-checks.sh
		mark arm64 $?
		;;
	esac
done
