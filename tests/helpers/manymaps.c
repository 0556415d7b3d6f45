/* manymaps: a process with many mappings reads its own maps or smaps.
 *
 *   manymaps N FILE [plain]
 *
 * maps 2N pages, every other one readable (2N mappings the kernel cannot
 * merge), opens /proc/self/FILE (O_CLOEXEC unless plain), and prints
 *   FILE: ok headers>=2N=yes|no named=yes|no memfds=K cloexec=0|1
 *   rdonly=yes|no offset=O write=ENAME
 * named: some mapping is named /bin/manymaps (its guest path); memfds:
 * how many header lines name a memfd of burrow's ("/memfd:burrow").
 */
#include <sys/mman.h>

#include "helper.h"

/* Header lines ("start-end perms offset dev inode [name]"): how many,
 * how many name /bin/manymaps, how many a burrow memfd. */
static void count(char *text, long *headers, long *named, long *memfds)
{
	for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
		char *p = line;

		while ((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f'))
			p++;
		if (p == line || *p != '-')
			continue;
		(*headers)++;
		p = strchr(line, '/');
		if (p && strcmp(p, "/bin/manymaps") == 0)
			(*named)++;
		if (p && strncmp(p, "/memfd:burrow", 13) == 0)
			(*memfds)++;
	}
}

int main(int argc, char **argv)
{
	long n = argc > 2 ? atol(argv[1]) : 0, page = sysconf(_SC_PAGESIZE);
	long headers = 0, named = 0, memfds = 0, r;
	size_t len = 0, size = 1 << 20;
	char path[64], *text, *region;
	int plain = argc > 3 && strcmp(argv[3], "plain") == 0, fd, fdfl, fl;

	if (n <= 0) {
		fprintf(stderr, "usage: manymaps N FILE [plain]\n");
		return 2;
	}
	region = mmap(NULL, (size_t)(2 * n * page), PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (region == MAP_FAILED) {
		printf("mmap: %s\n", errname(errno));
		return 1;
	}
	for (long i = 0; i < n; i++)
		mprotect(region + 2 * i * page, (size_t)page, PROT_READ);
	snprintf(path, sizeof(path), "/proc/self/%s", argv[2]);
	fd = open(path, O_RDONLY | (plain ? 0 : O_CLOEXEC));
	if (fd < 0) {
		printf("%s: %s\n", argv[2], errname(errno));
		return 1;
	}
	fdfl = fcntl(fd, F_GETFD);
	fl = fcntl(fd, F_GETFL);
	text = malloc(size + 1);
	while (text && (r = read(fd, text + len, size - len)) > 0) {
		len += (size_t)r;
		if (len == size)
			text = realloc(text, (size *= 2) + 1);
	}
	if (!text) {
		printf("%s: ENOMEM\n", argv[2]);
		return 1;
	}
	text[len] = '\0';
	r = write(fd, "x", 1);
	count(text, &headers, &named, &memfds);
	printf("%s: ok headers>=2N=%s named=%s memfds=%ld cloexec=%d rdonly=%s write=%s\n",
	       argv[2], headers >= 2 * n ? "yes" : "no", named ? "yes" : "no", memfds,
	       (fdfl & FD_CLOEXEC) ? 1 : 0, (fl & O_ACCMODE) == O_RDONLY ? "yes" : "no",
	       r < 0 ? errname(errno) : "ok");
	return 0;
}
