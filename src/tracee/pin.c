/* Co-location (colocate.h): pinning by the policy of colocate.c. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include "tracee/colocate.h"
#include "tracee/tracee.h"

/* Runnable tasks on the machine: the 4th field of /proc/loadavg
 * ("0.50 0.25 0.09 1/84 27981"), 0 when unknown.  Async-signal-safe. */
static unsigned read_running(void)
{
	char buf[128], *p = buf;
	unsigned v = 0;
	int fd = open("/proc/loadavg", O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	for (int field = 0; field < 3; field++) {
		p = strchr(p, ' ');
		if (!p)
			return 0;
		p++;
	}
	while (*p >= '0' && *p <= '9')
		v = v * 10 + (unsigned)(*p++ - '0');
	return v;
}

/* The tick's handler needs the state, and a handler has no other way to
 * find it: set once, before the handler is installed. */
static struct colocate *tick_state;

static void tick_block(sigset_t *old)
{
	sigset_t alrm;

	sigemptyset(&alrm);
	sigaddset(&alrm, SIGALRM);
	sigprocmask(SIG_BLOCK, &alrm, old);
}

static void tick_unblock(const sigset_t *old)
{
	sigprocmask(SIG_SETMASK, old, NULL);
}

/* Async-signal-safe (syscalls only); the loop calls it with the tick
 * blocked, so the two never interleave. */
static void unpin_all(struct colocate *c)
{
	struct itimerval off;

	memset(&off, 0, sizeof(off));
	setitimer(ITIMER_REAL, &off, NULL);
	for (int i = 0; i < c->nmembers; i++)
		sched_setaffinity(c->members[i], sizeof(c->host), &c->host);
	sched_setaffinity(0, sizeof(c->host), &c->host);
	c->nmembers = 0;
	c->pinned = 0;
}

static void on_tick(int sig)
{
	struct colocate *c = tick_state;
	int saved = errno;

	(void)sig;
	if (c && c->pinned) {
		if (coloc_quiet(c)) {
			/* A quiet end: the guest did not run in parallel. */
			if (c->penalty > COLOC_PENALTY_MIN)
				c->penalty /= 2;
			unpin_all(c);
		} else if (!coloc_crowded(read_running(), true)) {
			c->crowded_ticks = 0;
		} else if (++c->crowded_ticks >= COLOC_CROWDED_TICKS) {
			c->crowded = 1;
			unpin_all(c);
		}
	}
	errno = saved;
}

void tracer_init_colocate(struct tracer *tr, const char *off)
{
	struct colocate *c = &tr->coloc;
	struct sigaction sa;
	const char *why = off;

	memset(c, 0, sizeof(*c));
	c->penalty = COLOC_PENALTY_MIN;
	if (!why && (sched_getaffinity(0, sizeof(c->host), &c->host) < 0 ||
		     CPU_COUNT(&c->host) < 2))
		why = "one CPU";
	if (!why) {
		tick_state = c;
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_tick;
		/* Restarted, so no call of burrow's (a lookup on FUSE, say)
		 * ever fails with EINTR because of it. */
		sa.sa_flags = SA_RESTART;
		sigemptyset(&sa.sa_mask);
		if (sigaction(SIGALRM, &sa, NULL) < 0)
			why = "no SIGALRM handler";
	}
	c->enabled = !why;
	if (tr->verbose >= 1 && why)
		fprintf(stderr, "burrow: not pinning the guest to burrow's CPU (%s)\n", why);
	else if (tr->verbose >= 1)
		fprintf(stderr, "burrow: pinning the guest to burrow's CPU while its work is serial\n");
}

static bool is_member(const struct colocate *c, pid_t pid)
{
	for (int i = 0; i < c->nmembers; i++)
		if (c->members[i] == pid)
			return true;
	return false;
}

/* With the tick blocked: pid (stopped, or new) runs on the group's CPU. */
static void join(struct colocate *c, pid_t pid)
{
	cpu_set_t one;

	if (c->nmembers == COLOC_GROUP_MAX) {
		unpin_all(c);
		sched_setaffinity(pid, sizeof(c->host), &c->host);
		return;
	}
	CPU_ZERO(&one);
	CPU_SET(c->cpu, &one);
	if (sched_setaffinity(pid, sizeof(one), &one) == 0)
		c->members[c->nmembers++] = pid;
}

static void pin(struct tracer *tr, struct tracee *t)
{
	struct colocate *c = &tr->coloc;
	struct itimerval tick = {
		.it_interval = { 0, COLOC_TICK_US }, .it_value = { 0, COLOC_TICK_US },
	};
	cpu_set_t one;
	int cpu = sched_getcpu();

	if (cpu < 0 || cpu >= CPU_SETSIZE || !CPU_ISSET(cpu, &c->host))
		return;
	CPU_ZERO(&one);
	CPU_SET(cpu, &one);
	if (sched_setaffinity(0, sizeof(one), &one) < 0)
		return;
	c->cpu = cpu;
	c->nmembers = 0;
	join(c, t->pid);	/* stopped: it resumes on this CPU */
	if (c->nmembers == 0) {
		sched_setaffinity(0, sizeof(c->host), &c->host);
		return;
	}
	c->stops_at_tick = c->stops;
	c->quiet_ticks = 0;
	c->crowded = 0;
	c->crowded_ticks = 0;
	c->pinned = 1;
	setitimer(ITIMER_REAL, &tick, NULL);
	if (tr->verbose >= 2)
		fprintf(stderr, "burrow: [%d] pinned with burrow to CPU %d\n", (int)t->pid, cpu);
}

void coloc_stop(struct tracer *tr, struct tracee *t, long long now_ns)
{
	struct colocate *c = &tr->coloc;
	enum coloc_action a = coloc_note_stop(c, now_ns, c->pinned && is_member(c, t->pid));
	sigset_t old;

	if (a == COLOC_STAY)
		return;
	if (a == COLOC_PIN && c->crowded) {
		/* The last pin ended with the guest running in parallel. */
		c->crowded = 0;
		coloc_penalise(c);
		return;
	}
	if (a == COLOC_PIN && coloc_crowded(read_running(), false))
		return;
	tick_block(&old);
	if (a == COLOC_PIN && !c->pinned)
		pin(tr, t);
	else if (a == COLOC_JOIN && c->pinned)
		join(c, t->pid);
	else if (a == COLOC_UNPIN && c->pinned)
		unpin_all(c);
	tick_unblock(&old);
}

void coloc_new_tracee(struct tracer *tr, pid_t pid)
{
	struct colocate *c = &tr->coloc;
	sigset_t old;

	if (!c->enabled)
		return;
	tick_block(&old);
	if (c->pinned)
		join(c, pid);
	else	/* born of a member just before an unpin, it has the pin */
		sched_setaffinity(pid, sizeof(c->host), &c->host);
	tick_unblock(&old);
}

void coloc_forget(struct tracer *tr, pid_t pid)
{
	struct colocate *c = &tr->coloc;
	sigset_t old;

	if (!c->pinned)
		return;
	tick_block(&old);
	for (int i = 0; i < c->nmembers; i++)
		if (c->members[i] == pid) {
			c->members[i] = c->members[c->nmembers - 1];
			c->nmembers--;
			break;
		}
	/* With no member left burrow stays pinned: the next tracee to
	 * stop (the parent the dead one's exit wakes) joins, or a tick
	 * without a stop unpins. */
	tick_unblock(&old);
}

void coloc_unpin(struct tracer *tr)
{
	sigset_t old;

	if (!tr->coloc.pinned)
		return;
	tick_block(&old);
	if (tr->coloc.pinned)
		unpin_all(&tr->coloc);
	tick_unblock(&old);
}

void coloc_disable(struct tracer *tr)
{
	coloc_unpin(tr);
	tr->coloc.enabled = false;
}

bool coloc_pinned(const struct tracer *tr, pid_t pid)
{
	return tr->coloc.pinned && is_member(&tr->coloc, pid);
}
