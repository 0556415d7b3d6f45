#!/bin/sh
# Real development tools in a Debian 12 rootfs (tests/fixtures/debian-
# devel.sh: minbase plus gcc, make, python3, perl and git), all through
# burrow's loader: gcc compiles and runs programs (cc1, as, collect2, ld
# exec'd in turn), make builds a project, python3 and perl run #! scripts,
# git makes a commit.  The work happens in a host directory bound at /mnt
# (HOME and TMPDIR too), so the cached rootfs is never written.  As root,
# each command also runs in a real chroot (with its own fresh /mnt) and
# the outputs must be the same.
. "$(dirname "$0")/lib.sh"

here=$(cd "$(dirname "$0")" && pwd)
if ! DEB=$(sh "$here/../fixtures/debian-devel.sh" 2>"$T/fixture.err"); then
	skip debian_devel_available "$(cat "$T/fixture.err")"
	exit 0
fi
. "$here/devel-lib.sh"

# gcc: a dynamic program (the default), a static one and a static-pie,
# each run at once; cc1, as and ld all come from the guest.
SETUP='printf "#include <stdio.h>\nint main(int c, char **v) { printf(\"hello from gcc %%s %%d\\\\n\", v[1], c); return 3; }\n" >hello.c'
dev_run 'gcc -O1 -o hello hello.c && ./hello dyn; echo "status=$?"
	gcc -O1 -static -o hello-static hello.c && ./hello-static static; echo "status=$?"
	gcc -O1 -static-pie -o hello-spie hello.c && ./hello-spie spie; echo "status=$?"
	readelf -lW hello | grep -o "interpreter: [^]]*"'
expect debian_devel_gcc_compiles_and_runs "hello from gcc dyn 2
status=3
hello from gcc static 2
status=3
hello from gcc spie 2
status=3
interpreter: $IT_LDSO"

# make: a two-file project, built, then up to date, then rebuilt after a
# change; the commands make prints are compared.
SETUP='mkdir proj && cd proj &&
	printf "int twice(int);\n" >lib.h &&
	printf "#include \"lib.h\"\nint twice(int x) { return 2 * x; }\n" >lib.c &&
	printf "#include <stdio.h>\n#include \"lib.h\"\nint main(void) { printf(\"%%d\\\\n\", twice(21)); return 0; }\n" >main.c &&
	printf "prog: main.o lib.o\n\t\$(CC) -o \$@ main.o lib.o\n%%.o: %%.c lib.h\n\t\$(CC) -O1 -c \$<\nclean:\n\trm -f prog *.o\n" >Makefile &&
	touch -d "2020-01-01" lib.h lib.c main.c Makefile'
dev_run 'cd proj && make -s && ./prog && make && sleep 1 && touch lib.c && make && ./prog'
expect debian_devel_make_builds_project "42
make: 'prog' is up to date.
cc -O1 -c lib.c
cc -o prog main.o lib.o
42"
SETUP=

# python3: a #!/usr/bin/env script (env finds python3 on PATH), its view
# of itself, a child process, a file written and read back.
SETUP='printf "#!/usr/bin/env python3\nimport os, sys, subprocess\nprint(sys.argv)\nprint(sys.executable, os.readlink(\"/proc/self/exe\"))\nprint(subprocess.run([\"/bin/echo\", \"child\"], capture_output=True, text=True).stdout.strip())\nopen(\"out.txt\", \"w\").write(\"written\")\nprint(open(\"out.txt\").read(), sorted(os.listdir(\".\")))\nsys.exit(5)\n" >script.py && chmod 0755 script.py'
dev_run './script.py a "b c"; echo "status=$?"'
expect debian_devel_python3_runs_script "['./script.py', 'a', 'b c']
/usr/bin/python3 /usr/bin/python3.11
child
written ['out.txt', 'script.py', 'tmp']
status=5"

# perl: a #!/usr/bin/perl -w script; $^X comes from /proc/self/exe.
SETUP='printf "#!/usr/bin/perl -w\nuse strict;\nprint \"\$0 @ARGV\\\\n\";\nprint \"\$^X\\\\n\";\nsystem(\"/bin/true\"); print \"true=\$?\\\\n\";\nmy @w = sort map { lc } qw(Zeta alpha Mid); print \"@w\\\\n\";\nexit 4;\n" >script.pl && chmod 0755 script.pl'
dev_run '/mnt/script.pl x y; echo "status=$?"'
expect debian_devel_perl_runs_script "/mnt/script.pl x y
/usr/bin/perl
true=0
alpha mid zeta
status=4"
SETUP=

# git: init, add, commit with the author and dates fixed by the
# environment, so the commit's id is the same everywhere.
dev_run 'export GIT_AUTHOR_NAME=Burrow GIT_AUTHOR_EMAIL=burrow@example.org \
		GIT_COMMITTER_NAME=Burrow GIT_COMMITTER_EMAIL=burrow@example.org \
		GIT_AUTHOR_DATE="2020-01-01T00:00:00Z" GIT_COMMITTER_DATE="2020-01-01T00:00:00Z"
	git init -q -b main repo && cd repo && echo hello >file && git add file &&
	git commit -q -m "first commit" && git log --format="%H %an %s" && git status --short && echo clean'
expect debian_devel_git_init_commit "5e5d2edd479462ebc15704c00a2b6c6a925816ba Burrow first commit
clean"
