/* The fake-root database: what one run records, the next one reads;
 * concurrent writers lose nothing; torn and damaged lines are survived. */
#include <check.h>
#include <zlib.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ids/iddb.h"

static char dir[64], file[96];

static void setup(void)
{
	strcpy(dir, "/tmp/burrow-iddb.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(file, sizeof(file), "%s/ids", dir);
}

static void teardown(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

static struct iddb *open_db(TALLOC_CTX *mem)
{
	struct iddb *db;

	ck_assert_int_eq(iddb_open(mem, file, &db), 0);
	return db;
}

/* What the next run sees: the database as the file has it. */
static struct iddb *reopen(TALLOC_CTX **mem)
{
	talloc_free(*mem);
	*mem = talloc_new(NULL);
	return open_db(*mem);
}

static struct id_meta meta(uint32_t mode, uint32_t uid, uint32_t gid)
{
	struct id_meta m = { .mode = mode, .uid = uid, .gid = gid, .rdev = 0 };

	return m;
}

static void expect(struct iddb *db, const char *path, uint32_t mode, uint32_t uid, uint32_t gid)
{
	struct id_meta m;

	ck_assert_msg(iddb_get(db, path, &m) == 0, "%s: no entry", path);
	ck_assert_msg(m.mode == mode && m.uid == uid && m.gid == gid,
		      "%s: %o %u:%u, expected %o %u:%u", path, m.mode, m.uid, m.gid, mode, uid, gid);
}

static void append_raw(const char *s)
{
	int fd = open(file, O_WRONLY | O_APPEND);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, s, strlen(s)), (ssize_t)strlen(s));
	close(fd);
}

START_TEST(iddb_nothing_written_until_a_change)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	struct iddb *db = open_db(mem);
	struct id_meta m;

	ck_assert_int_eq(iddb_get(db, "/etc", &m), -ENOENT);
	ck_assert_int_eq(access(file, F_OK), -1);
	ck_assert_int_eq(iddb_set(db, "/etc/shadow", &(struct id_meta){ 0640, 0, 42, 0 }), 0);
	ck_assert_int_eq(access(file, F_OK), 0);
	talloc_free(mem);
}
END_TEST

START_TEST(iddb_survives_reopen)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	struct iddb *db = open_db(mem);
	struct id_meta dev = { S_IFCHR | 0666, 0, 0, 0x103 }, m;

	ck_assert_int_eq(iddb_set(db, "/usr/bin/sudo", &(struct id_meta){ 04755, 0, 0, 0 }), 0);
	ck_assert_int_eq(iddb_set(db, "/dev/null", &dev), 0);
	ck_assert_int_eq(iddb_set(db, "/var/mail", &(struct id_meta){ 02775, 0, 8, 0 }), 0);
	ck_assert_int_eq(iddb_remove(db, "/var/mail"), 0);
	ck_assert_int_eq(iddb_remove(db, "/var/mail"), -ENOENT);
	talloc_free(mem);

	mem = talloc_new(NULL);
	db = open_db(mem);
	expect(db, "/usr/bin/sudo", 04755, 0, 0);
	ck_assert_int_eq(iddb_get(db, "/dev/null", &m), 0);
	ck_assert_int_eq(m.mode, S_IFCHR | 0666);
	ck_assert_int_eq(m.rdev, 0x103);
	ck_assert_int_eq(iddb_get(db, "/var/mail", &m), -ENOENT);
	ck_assert_uint_eq(iddb_count(db), 2);
	talloc_free(mem);
}
END_TEST

START_TEST(iddb_odd_names_round_trip)
{
	static const char *const names[] = {
		"/a b", "/new\nline", "/100%", "/%41", "/tab\there", "/\x7f", "/caf\xc3\xa9",
	};
	TALLOC_CTX *mem = talloc_new(NULL);
	struct iddb *db = open_db(mem);

	for (unsigned i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		ck_assert_int_eq(iddb_set(db, names[i], &(struct id_meta){ 0600, i, i, 0 }), 0);
	db = reopen(&mem);
	for (unsigned i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		expect(db, names[i], 0600, i, i);
	ck_assert_uint_eq(iddb_count(db), sizeof(names) / sizeof(names[0]));
	talloc_free(mem);
}
END_TEST

START_TEST(iddb_renames)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	struct iddb *db = open_db(mem);
	struct id_meta m = meta(0644, 0, 0);
	struct id_meta got;

	ck_assert_int_eq(iddb_set(db, "/pkg/x.dpkg-new", &m), 0);
	ck_assert_int_eq(iddb_set(db, "/pkg/x", &(struct id_meta){ 0600, 5, 5, 0 }), 0);
	/* A file renamed over another: the target's entry is replaced. */
	ck_assert_int_eq(iddb_rename(db, "/pkg/x.dpkg-new", "/pkg/x", false), 0);
	ck_assert_int_eq(iddb_set(db, "/d/a", &(struct id_meta){ 0700, 1, 1, 0 }), 0);
	ck_assert_int_eq(iddb_set(db, "/d/sub/b", &(struct id_meta){ 0700, 2, 2, 0 }), 0);
	ck_assert_int_eq(iddb_set(db, "/dd", &(struct id_meta){ 0700, 3, 3, 0 }), 0);
	ck_assert_int_eq(iddb_set(db, "/e/old", &(struct id_meta){ 0700, 4, 4, 0 }), 0);
	/* A directory renamed over an (empty) one: everything below moves,
	 * /dd (not below /d) stays, whatever was below /e is gone. */
	ck_assert_int_eq(iddb_rename(db, "/d", "/e", true), 0);
	for (int round = 0; round < 2; round++) {
		expect(db, "/pkg/x", 0644, 0, 0);
		ck_assert_int_eq(iddb_get(db, "/pkg/x.dpkg-new", &got), -ENOENT);
		expect(db, "/e/a", 0700, 1, 1);
		expect(db, "/e/sub/b", 0700, 2, 2);
		expect(db, "/dd", 0700, 3, 3);
		ck_assert_int_eq(iddb_get(db, "/d/a", &got), -ENOENT);
		ck_assert_int_eq(iddb_get(db, "/e/old", &got), -ENOENT);
		ck_assert_uint_eq(iddb_count(db), 4);
		/* The second round reads what the first one wrote. */
		db = reopen(&mem);
	}
	talloc_free(mem);
}
END_TEST

START_TEST(iddb_torn_last_line_is_cut)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	struct iddb *db = open_db(mem);
	struct stat st;
	off_t before;

	ck_assert_int_eq(iddb_set(db, "/a", &(struct id_meta){ 0755, 0, 0, 0 }), 0);
	talloc_free(mem);
	ck_assert_int_eq(stat(file, &st), 0);
	before = st.st_size;
	/* A writer killed in the middle of its line. */
	append_raw("1234abcd S 100644 0 0 0 /half-writ");
	mem = talloc_new(NULL);
	db = open_db(mem);
	expect(db, "/a", 0755, 0, 0);
	ck_assert_int_eq(iddb_set(db, "/b", &(struct id_meta){ 0700, 7, 7, 0 }), 0);
	talloc_free(mem);
	ck_assert_int_eq(stat(file, &st), 0);
	ck_assert_int_gt(st.st_size, before);
	mem = talloc_new(NULL);
	db = open_db(mem);
	expect(db, "/a", 0755, 0, 0);
	expect(db, "/b", 0700, 7, 7);
	ck_assert_uint_eq(iddb_count(db), 2);
	talloc_free(mem);
}
END_TEST

START_TEST(iddb_damaged_line_is_ignored)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	struct iddb *db = open_db(mem);

	ck_assert_int_eq(iddb_set(db, "/a", &(struct id_meta){ 0755, 0, 0, 0 }), 0);
	talloc_free(mem);
	append_raw("00000000 S 4755 0 0 0 /forged\n");
	append_raw("garbage\n");
	mem = talloc_new(NULL);
	db = open_db(mem);
	ck_assert_int_eq(iddb_set(db, "/c", &(struct id_meta){ 0750, 1, 2, 0 }), 0);
	db = reopen(&mem);
	expect(db, "/a", 0755, 0, 0);
	expect(db, "/c", 0750, 1, 2);
	ck_assert_uint_eq(iddb_count(db), 2);
	talloc_free(mem);
}
END_TEST

START_TEST(iddb_not_a_database)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	struct iddb *db;
	FILE *f = fopen(file, "w");

	ck_assert_ptr_nonnull(f);
	fputs("root:x:0:0:root:/root:/bin/sh\n", f);
	fclose(f);
	ck_assert_int_eq(iddb_open(mem, file, &db), -EINVAL);
	talloc_free(mem);
}
END_TEST

/* Several burrows (MPI ranks) recording at once: nothing lost. */
START_TEST(iddb_concurrent_writers)
{
	enum { WRITERS = 4, EACH = 300 };
	TALLOC_CTX *mem;
	struct iddb *db;
	char path[64];

	for (int w = 0; w < WRITERS; w++) {
		if (fork() == 0) {
			TALLOC_CTX *cm = talloc_new(NULL);
			struct iddb *cdb;
			int bad = iddb_open(cm, file, &cdb) != 0;

			for (int i = 0; !bad && i < EACH; i++) {
				snprintf(path, sizeof(path), "/w%d/f%d", w, i);
				bad = iddb_set(cdb, path, &(struct id_meta){ 0640, (uint32_t)w, (uint32_t)i, 0 }) != 0;
			}
			_exit(bad);
		}
	}
	for (int w = 0, st; w < WRITERS; w++) {
		ck_assert_int_gt(wait(&st), 0);
		ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0, "a writer failed");
	}
	mem = talloc_new(NULL);
	db = open_db(mem);
	ck_assert_uint_eq(iddb_count(db), WRITERS * EACH);
	for (int w = 0; w < WRITERS; w++) {
		for (int i = 0; i < EACH; i += 37) {
			snprintf(path, sizeof(path), "/w%d/f%d", w, i);
			expect(db, path, 0640, (uint32_t)w, (uint32_t)i);
		}
	}
	talloc_free(mem);
}
END_TEST

/* The journal is rewritten once it is mostly dead records; a reader
 * that had the old file open follows to the new one. */
START_TEST(iddb_compaction)
{
	TALLOC_CTX *mem = talloc_new(NULL), *mem2 = talloc_new(NULL);
	struct iddb *db = open_db(mem), *other;
	struct stat before, after;

	ck_assert_int_eq(iddb_set(db, "/keep", &(struct id_meta){ 0700, 9, 9, 0 }), 0);
	other = open_db(mem2);
	ck_assert_int_eq(stat(file, &before), 0);
	for (uint32_t i = 0; i < 5000; i++)
		ck_assert_int_eq(iddb_set(db, "/hot", &(struct id_meta){ 0600, i, i, 0 }), 0);
	ck_assert_int_eq(stat(file, &after), 0);
	ck_assert_msg(after.st_ino != before.st_ino, "the journal was never rewritten");
	ck_assert_uint_lt(iddb_records(db), 1000);
	ck_assert_int_eq(iddb_set(db, "/last", &(struct id_meta){ 0644, 1, 1, 0 }), 0);
	expect(other, "/hot", 0600, 4999, 4999);
	expect(other, "/last", 0644, 1, 1);
	expect(other, "/keep", 0700, 9, 9);
	talloc_free(mem2);
	db = reopen(&mem);
	expect(db, "/hot", 0600, 4999, 4999);
	ck_assert_uint_eq(iddb_count(db), 3);
	talloc_free(mem);
}
END_TEST

START_TEST(iddb_memory_only)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	struct iddb *db;

	ck_assert_int_eq(iddb_open(mem, NULL, &db), 0);
	ck_assert_int_eq(iddb_set(db, "/x", &(struct id_meta){ 0700, 3, 4, 0 }), 0);
	expect(db, "/x", 0700, 3, 4);
	ck_assert_int_eq(iddb_rename(db, "/x", "/y", false), 0);
	expect(db, "/y", 0700, 3, 4);
	talloc_free(mem);
}
END_TEST

/* The file at path holds exactly want (NULL: there is no file). */
static void file_holds(const char *path, const char *want)
{
	char got[256];
	ssize_t n;
	int fd = open(path, O_RDONLY);

	if (!want) {
		ck_assert_msg(fd < 0, "%s exists", path);
		return;
	}
	ck_assert_msg(fd >= 0, "%s is gone", path);
	n = read(fd, got, sizeof(got) - 1);
	close(fd);
	ck_assert_int_ge(n, 0);
	got[n] = '\0';
	ck_assert_str_eq(got, want);
}

static void write_file(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, s, strlen(s)), (ssize_t)strlen(s));
	close(fd);
}

/* A symlink where the journal goes (shipped in an archive, planted by a
 * guest) is refused, whatever it points to, and its target untouched. */
START_TEST(iddb_symlink_is_refused)
{
	static const char *const targets[] = { NULL, "", "no newline", "burrow-ids 1\n" };
	TALLOC_CTX *mem = talloc_new(NULL);
	char victim[128];
	struct iddb *db;

	snprintf(victim, sizeof(victim), "%s/victim", dir);
	ck_assert_int_eq(symlink(victim, file), 0);
	for (unsigned i = 0; i < sizeof(targets) / sizeof(targets[0]); i++) {
		if (targets[i])
			write_file(victim, targets[i]);
		ck_assert_int_eq(iddb_open(mem, file, &db), -EINVAL);
		file_holds(victim, targets[i]);
	}
	talloc_free(mem);
}
END_TEST

/* Replaced by a symlink during a run: the change is not written there. */
START_TEST(iddb_symlink_planted_later_is_not_followed)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	struct iddb *db = open_db(mem);
	char victim[128];

	snprintf(victim, sizeof(victim), "%s/victim", dir);
	write_file(victim, "");
	ck_assert_int_eq(iddb_set(db, "/a", &(struct id_meta){ 0755, 1, 1, 0 }), 0);
	ck_assert_int_eq(unlink(file), 0);
	ck_assert_int_eq(symlink(victim, file), 0);
	ck_assert_int_ne(iddb_set(db, "/b", &(struct id_meta){ 0755, 2, 2, 0 }), 0);
	file_holds(victim, "");
	talloc_free(mem);
}
END_TEST

START_TEST(iddb_not_a_regular_file)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	struct iddb *db;

	ck_assert_int_eq(mkfifo(file, 0600), 0);
	ck_assert_int_eq(iddb_open(mem, file, &db), -EINVAL);
	ck_assert_int_eq(iddb_open(mem, "/dev/null", &db), -EINVAL);
	ck_assert_int_eq(iddb_open(mem, dir, &db), -EINVAL);
	talloc_free(mem);
}
END_TEST

/* A user's file named by mistake: neither adopted nor cut. */
START_TEST(iddb_user_file_is_left_alone)
{
	static const char *const contents[] = {
		"a line with no newline", "burrow-ids", "burrow-ids 2\n", "burrow-ids 1 \n",
		"#!/bin/sh\nexit 0", "\n",
	};
	TALLOC_CTX *mem = talloc_new(NULL);
	struct iddb *db;

	for (unsigned i = 0; i < sizeof(contents) / sizeof(contents[0]); i++) {
		write_file(file, contents[i]);
		ck_assert_msg(iddb_open(mem, file, &db) == -EINVAL, "adopted '%s'", contents[i]);
		file_holds(file, contents[i]);
	}
	/* Empty is adopted: the first change writes the header. */
	write_file(file, "");
	db = open_db(mem);
	ck_assert_int_eq(iddb_set(db, "/a", &(struct id_meta){ 0755, 1, 1, 0 }), 0);
	db = reopen(&mem);
	expect(db, "/a", 0755, 1, 1);
	talloc_free(mem);
}
END_TEST

/* Someone else's journal that could be written (root can write any): refused. */
START_TEST(iddb_other_users_file)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	struct iddb *db;

	if (geteuid() != 0)
		return;		/* only root can give a file away */
	write_file(file, "burrow-ids 1\n");
	ck_assert_int_eq(chown(file, 65534, 65534), 0);
	ck_assert_int_eq(iddb_open(mem, file, &db), -EINVAL);
	file_holds(file, "burrow-ids 1\n");
	talloc_free(mem);
}
END_TEST

/* The rewrite's temporary file is a new one: a symlink planted where
 * the old name (FILE.tmp.PID) was is not written through. */
START_TEST(iddb_compaction_makes_a_new_file)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	struct iddb *db = open_db(mem);
	char victim[128], planted[128];
	struct stat before, after;

	snprintf(victim, sizeof(victim), "%s/victim", dir);
	snprintf(planted, sizeof(planted), "%s.tmp.%d", file, (int)getpid());
	write_file(victim, "precious\n");
	ck_assert_int_eq(symlink(victim, planted), 0);
	ck_assert_int_eq(iddb_set(db, "/keep", &(struct id_meta){ 0700, 9, 9, 0 }), 0);
	ck_assert_int_eq(chmod(file, 0640), 0);
	ck_assert_int_eq(stat(file, &before), 0);
	for (uint32_t i = 0; i < 5000; i++)
		ck_assert_int_eq(iddb_set(db, "/hot", &(struct id_meta){ 0600, i, i, 0 }), 0);
	ck_assert_int_eq(stat(file, &after), 0);
	file_holds(victim, "precious\n");
	ck_assert_msg(after.st_ino != before.st_ino, "the journal was never rewritten");
	ck_assert_int_eq(after.st_mode & 0777, 0640);
	db = reopen(&mem);
	expect(db, "/hot", 0600, 4999, 4999);
	expect(db, "/keep", 0700, 9, 9);
	talloc_free(mem);
}
END_TEST

/* An X record in the file its name still gives (a shipped journal, not
 * one a rewrite replaced): read on, not reopened forever. */
START_TEST(iddb_stray_supersede_record)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	struct iddb *db;

	write_file(file, "burrow-ids 1\nb7b2364b X\n7612ff21 S 755 3 4 0 /a\n");
	db = open_db(mem);
	expect(db, "/a", 0755, 3, 4);
	ck_assert_int_eq(iddb_set(db, "/b", &(struct id_meta){ 0700, 5, 6, 0 }), 0);
	db = reopen(&mem);
	expect(db, "/a", 0755, 3, 4);
	expect(db, "/b", 0700, 5, 6);
	talloc_free(mem);
}
END_TEST

/* A record line as a writer makes it: its CRC-32, then its body. */
static char *record(TALLOC_CTX *mem, const char *body)
{
	return talloc_asprintf(mem, "%08lx %s\n",
			       crc32(0, (const unsigned char *)body, (unsigned)strlen(body)), body);
}

/* Moves between paths burrow never writes ("////", "/a/", "/./x"): the
 * prefix test folds slashes, but suffixes are taken by length, so such
 * a move read past a path (found by fuzz_iddb).  Ignored, as a line
 * with a wrong CRC is. */
START_TEST(iddb_move_of_odd_paths_ignored)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	struct iddb *db;

	write_file(file, talloc_asprintf(mem, "burrow-ids 1\n%s%s%s%s%s",
					 record(mem, "S 755 3 4 0 /a/b"),
					 record(mem, "R //////////////////////////////// /x"),
					 record(mem, "R /a/ /y"), record(mem, "M /./a/b /z"),
					 record(mem, "R / /w")));
	db = open_db(mem);
	expect(db, "/a/b", 0755, 3, 4);
	ck_assert_int_eq(iddb_count(db), 1);
	talloc_free(mem);
}
END_TEST

/* rename(x, x) does nothing in the kernel: nor in the journal. */
START_TEST(iddb_rename_onto_itself)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	struct iddb *db = open_db(mem);
	size_t records;

	ck_assert_int_eq(iddb_set(db, "/f", &(struct id_meta){ 0644, 123, 456, 0 }), 0);
	ck_assert_int_eq(iddb_set(db, "/d/g", &(struct id_meta){ 0600, 1, 2, 0 }), 0);
	records = iddb_records(db);
	ck_assert_int_eq(iddb_rename(db, "/f", "/f", false), 0);
	ck_assert_int_eq(iddb_rename(db, "/d", "/d", true), 0);
	ck_assert_uint_eq(iddb_records(db), records);
	for (int round = 0; round < 2; round++) {
		expect(db, "/f", 0644, 123, 456);
		expect(db, "/d/g", 0600, 1, 2);
		db = reopen(&mem);
	}
	/* Such a record, from an older burrow, is a no-op too. */
	append_raw("6c40641b M /f /f\n");
	db = reopen(&mem);
	expect(db, "/f", 0644, 123, 456);
	talloc_free(mem);
}
END_TEST

/* A writer killed at any point (a record half written, a rewrite half
 * done) leaves a journal the next one reads: every change it finished
 * is there, and the next writer works. */
START_TEST(iddb_killed_writer)
{
	enum { KEYS = 200, SETS = 2000, ROUNDS = 30 };
	uint32_t want[KEYS];
	volatile int *done = mmap(NULL, sizeof(int), PROT_READ | PROT_WRITE,
				  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	TALLOC_CTX *mem;
	struct iddb *db;
	char path[32];
	struct id_meta m;

	ck_assert_ptr_ne((void *)done, MAP_FAILED);
	memset(want, 0xff, sizeof(want));
	srandom((unsigned)getpid());
	for (int round = 0; round < ROUNDS; round++) {
		int at = (int)(random() % SETS), st, last;
		pid_t pid;

		*done = -1;
		pid = fork();
		ck_assert_int_ge(pid, 0);
		if (pid == 0) {
			TALLOC_CTX *cm = talloc_new(NULL);
			struct iddb *cdb;

			if (iddb_open(cm, file, &cdb) != 0)
				_exit(1);
			for (int i = 0; i < SETS; i++) {
				snprintf(path, sizeof(path), "/k%d", i % KEYS);
				if (iddb_set(cdb, path, &(struct id_meta){ 0600, (uint32_t)(round * SETS + i), 0, 0 }))
					_exit(1);
				*done = i;
			}
			_exit(0);
		}
		pid_t reaped = 0;

		while (*done < at && (reaped = waitpid(pid, &st, WNOHANG)) == 0)
			;
		/* It may have finished (or failed) between the two checks. */
		if (reaped != pid) {
			kill(pid, SIGKILL);
			ck_assert_int_eq(waitpid(pid, &st, 0), pid);
		}
		ck_assert_msg(!WIFEXITED(st) || WEXITSTATUS(st) == 0, "the writer failed");
		last = *done;
		for (int i = 0; i <= last; i++)
			want[i % KEYS] = (uint32_t)(round * SETS + i);
		mem = talloc_new(NULL);
		db = open_db(mem);
		for (int k = 0; k < KEYS; k++) {
			int next = last + 1;	/* may have been written before the kill */

			snprintf(path, sizeof(path), "/k%d", k);
			if (want[k] == 0xffffffffu) {
				int rc = iddb_get(db, path, &m);

				/* Never set, unless by the write the kill cut short. */
				if (next % KEYS != k || rc == -ENOENT) {
					ck_assert_int_eq(rc, -ENOENT);
					continue;
				}
			}
			ck_assert_msg(iddb_get(db, path, &m) == 0, "round %d: %s lost", round, path);
			ck_assert_msg(m.uid == want[k] ||
				      (next < SETS && next % KEYS == k && m.uid == (uint32_t)(round * SETS + next)),
				      "round %d: %s is %u, expected %u", round, path, m.uid, want[k]);
			want[k] = m.uid;
		}
		/* The next writer works, and what it writes is read back. */
		ck_assert_int_eq(iddb_set(db, "/next", &(struct id_meta){ 0700, (uint32_t)round, 0, 0 }), 0);
		db = reopen(&mem);
		expect(db, "/next", 0700, (uint32_t)round, 0);
		talloc_free(mem);
	}
	munmap((void *)done, sizeof(int));
}
END_TEST

/* File capabilities (setcap) live with their entry: they survive a
 * reopen, an S record of the same file, a rename of it or of its
 * directory and a compaction, and go with a delete. */
static void expect_fcap(struct iddb *db, const char *path, const uint8_t *v, size_t len)
{
	uint8_t got[IDDB_FCAP_MAX];
	size_t n = 0;

	if (!len) {
		ck_assert_msg(iddb_get_fcap(db, path, got, &n) == -ENOENT, "%s: has caps", path);
		return;
	}
	ck_assert_msg(iddb_get_fcap(db, path, got, &n) == 0, "%s: no caps", path);
	ck_assert_uint_eq(n, len);
	ck_assert_mem_eq(got, v, len);
}

START_TEST(iddb_file_capabilities)
{
	/* cap_net_raw+ep, as setcap writes it (VFS_CAP_REVISION_2) */
	static const uint8_t v2[20] = { 0x01, 0x00, 0x00, 0x02, 0x00, 0x20, 0x00, 0x00 };
	static const uint8_t v3[24] = { 0x00, 0x00, 0x00, 0x03, 0x01 };
	TALLOC_CTX *mem = talloc_new(NULL);
	struct iddb *db = open_db(mem);

	ck_assert_int_eq(iddb_set_fcap(db, "/bin/ping", v2, sizeof(v2)), -ENOENT);
	ck_assert_int_eq(iddb_set(db, "/bin/ping", &(struct id_meta){ 0755, 0, 0, 0 }), 0);
	ck_assert_int_eq(iddb_set_fcap(db, "/bin/ping", v2, sizeof(v2)), 0);
	ck_assert_int_eq(iddb_set(db, "/d/x", &(struct id_meta){ 0700, 1, 1, 0 }), 0);
	ck_assert_int_eq(iddb_set_fcap(db, "/d/x", v3, sizeof(v3)), 0);
	ck_assert_int_eq(iddb_set_fcap(db, "/d/x", v3, IDDB_FCAP_MAX + 1), -EINVAL);
	db = reopen(&mem);
	expect_fcap(db, "/bin/ping", v2, sizeof(v2));
	expect_fcap(db, "/d/x", v3, sizeof(v3));
	/* chmod: an S record keeps them */
	ck_assert_int_eq(iddb_set(db, "/bin/ping", &(struct id_meta){ 0750, 0, 0, 0 }), 0);
	ck_assert_int_eq(iddb_rename(db, "/d", "/e", true), 0);
	ck_assert_int_eq(iddb_rename(db, "/bin/ping", "/bin/ping2", false), 0);
	db = reopen(&mem);
	expect(db, "/bin/ping2", 0750, 0, 0);
	expect_fcap(db, "/bin/ping2", v2, sizeof(v2));
	expect_fcap(db, "/bin/ping", NULL, 0);
	expect_fcap(db, "/e/x", v3, sizeof(v3));
	expect_fcap(db, "/d/x", NULL, 0);
	/* removexattr drops them, the entry stays */
	ck_assert_int_eq(iddb_set_fcap(db, "/e/x", NULL, 0), 0);
	ck_assert_int_eq(iddb_remove(db, "/bin/ping2"), 0);
	ck_assert_int_eq(iddb_set(db, "/bin/ping2", &(struct id_meta){ 0755, 0, 0, 0 }), 0);
	db = reopen(&mem);
	expect_fcap(db, "/e/x", NULL, 0);
	expect(db, "/e/x", 0700, 1, 1);
	expect_fcap(db, "/bin/ping2", NULL, 0);
	/* a compaction rewrites them */
	ck_assert_int_eq(iddb_set_fcap(db, "/e/x", v3, sizeof(v3)), 0);
	for (uint32_t i = 0; i < 4200; i++)
		ck_assert_int_eq(iddb_set(db, "/hot", &(struct id_meta){ 0600, i, i, 0 }), 0);
	ck_assert_uint_lt(iddb_records(db), 4200);
	db = reopen(&mem);
	expect_fcap(db, "/e/x", v3, sizeof(v3));
	talloc_free(mem);
}
END_TEST

/* A journal written before C records existed reads as it did; a C
 * record that is damaged, or names no entry, changes nothing. */
START_TEST(iddb_old_journal_without_capabilities)
{
	TALLOC_CTX *mem = talloc_new(NULL);
	struct iddb *db = open_db(mem);
	uint8_t got[IDDB_FCAP_MAX];
	size_t n;

	ck_assert_int_eq(iddb_set(db, "/a", &(struct id_meta){ 04755, 0, 0, 0 }), 0);
	talloc_free(mem);
	mem = NULL;
	/* "C zz /a", "C 0102 /nobody" with good CRCs, written by hand. */
	append_raw("48272279 C zz /a\n");
	append_raw("d9175997 C 0102 /nobody\n");
	db = reopen(&mem);
	expect(db, "/a", 04755, 0, 0);
	ck_assert_int_eq(iddb_get_fcap(db, "/a", got, &n), -ENOENT);
	ck_assert_int_eq(iddb_count(db), 1);
	talloc_free(mem);
}
END_TEST

Suite *iddb_suite(void)
{
	Suite *s = suite_create("iddb");
	TCase *tc = tcase_create("journal");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, iddb_nothing_written_until_a_change);
	tcase_add_test(tc, iddb_survives_reopen);
	tcase_add_test(tc, iddb_odd_names_round_trip);
	tcase_add_test(tc, iddb_renames);
	tcase_add_test(tc, iddb_torn_last_line_is_cut);
	tcase_add_test(tc, iddb_damaged_line_is_ignored);
	tcase_add_test(tc, iddb_not_a_database);
	tcase_add_test(tc, iddb_concurrent_writers);
	tcase_add_test(tc, iddb_compaction);
	tcase_add_test(tc, iddb_memory_only);
	tcase_add_test(tc, iddb_symlink_is_refused);
	tcase_add_test(tc, iddb_symlink_planted_later_is_not_followed);
	tcase_add_test(tc, iddb_not_a_regular_file);
	tcase_add_test(tc, iddb_user_file_is_left_alone);
	tcase_add_test(tc, iddb_other_users_file);
	tcase_add_test(tc, iddb_compaction_makes_a_new_file);
	tcase_add_test(tc, iddb_stray_supersede_record);
	tcase_add_test(tc, iddb_move_of_odd_paths_ignored);
	tcase_add_test(tc, iddb_rename_onto_itself);
	tcase_add_test(tc, iddb_file_capabilities);
	tcase_add_test(tc, iddb_old_journal_without_capabilities);
	suite_add_tcase(s, tc);
	/* Many rounds: a hang guard, not a speed limit (the arm64 VM is
	 * emulated). */
	tc = tcase_create("killed");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 600);
	tcase_add_test(tc, iddb_killed_writer);
	suite_add_tcase(s, tc);
	return s;
}
