/* Co-location (colocate.h): the policy, and pinning by it. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>

#include "tracer/colocate.h"
#include "tracer/tracer.h"

enum coloc_action coloc_note_stop(struct colocate *c, long long now_ns, pid_t pid)
{
	bool quick = now_ns - c->last_ns < COLOC_GAP_NS;

	c->last_ns = now_ns;
	if (!c->enabled)
		return COLOC_STAY;
	if (c->pinned) {
		if (pid == c->pid && quick) {
			c->stops++;
			return COLOC_STAY;
		}
		c->hot_pid = pid;
		c->hot = 1;
		return COLOC_UNPIN;
	}
	if (pid != c->hot_pid || !quick) {
		c->hot_pid = pid;
		c->hot = 1;
		return COLOC_STAY;
	}
	return ++c->hot >= COLOC_HOT_STOPS ? COLOC_PIN : COLOC_STAY;
}

bool coloc_quiet(struct colocate *c)
{
	unsigned long stops = c->stops;

	if (stops == c->stops_at_tick)
		return true;
	c->stops_at_tick = stops;
	return false;
}

/* The tick's handler needs the state, and a handler has no other way to
 * find it: set once, before the handler is installed. */
static struct colocate *tick_state;

static void tick_stop(void)
{
	struct itimerval off;

	memset(&off, 0, sizeof(off));
	setitimer(ITIMER_REAL, &off, NULL);
}

/* Async-signal-safe: syscalls only, and harmless when repeated (the
 * tick may interrupt the loop's own unpin). */
static void unpin(struct colocate *c)
{
	tick_stop();
	sched_setaffinity(c->pid, sizeof(c->host), &c->host);
	sched_setaffinity(0, sizeof(c->host), &c->host);
	c->pinned = 0;
}

static void on_tick(int sig)
{
	int saved = errno;

	(void)sig;
	if (tick_state && tick_state->pinned && coloc_quiet(tick_state))
		unpin(tick_state);
	errno = saved;
}

void tracer_init_colocate(struct tracer *tr, bool allowed)
{
	struct colocate *c = &tr->coloc;
	struct sigaction sa;
	const char *why = NULL;

	memset(c, 0, sizeof(*c));
	if (!allowed)
		why = "BURROW_NO_COLOCATE";
	else if (sched_getaffinity(0, sizeof(c->host), &c->host) < 0 || CPU_COUNT(&c->host) < 2)
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
		fprintf(stderr, "burrow: not pinning a lone tracee to burrow's CPU (%s)\n", why);
	else if (tr->verbose >= 1)
		fprintf(stderr, "burrow: pinning a lone tracee to burrow's CPU in syscall storms\n");
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
	/* The tracee is stopped: it resumes on this CPU. */
	if (sched_setaffinity(t->pid, sizeof(one), &one) < 0)
		return;
	if (sched_setaffinity(0, sizeof(one), &one) < 0) {
		sched_setaffinity(t->pid, sizeof(c->host), &c->host);
		return;
	}
	c->pid = t->pid;
	c->cpu = cpu;
	c->stops_at_tick = c->stops;
	c->pinned = 1;
	setitimer(ITIMER_REAL, &tick, NULL);
	if (tr->verbose >= 2)
		fprintf(stderr, "burrow: [%d] pinned with burrow to CPU %d\n", (int)t->pid, cpu);
}

void coloc_unpin(struct tracer *tr)
{
	if (tr->coloc.pinned)
		unpin(&tr->coloc);
}

void coloc_stop(struct tracer *tr, struct tracee *t, long long now_ns)
{
	switch (coloc_note_stop(&tr->coloc, now_ns, t->pid)) {
	case COLOC_PIN:
		pin(tr, t);
		break;
	case COLOC_UNPIN:
		unpin(&tr->coloc);
		break;
	case COLOC_STAY:
		break;
	}
}

void coloc_new_tracee(struct tracer *tr, pid_t pid)
{
	struct colocate *c = &tr->coloc;

	if (!c->enabled)
		return;
	coloc_unpin(tr);
	c->hot = 0;
	/* Born while its parent was pinned, it carries the pin; the
	 * guest never set an affinity (that turns this off), so its own
	 * is burrow's. */
	sched_setaffinity(pid, sizeof(c->host), &c->host);
}

void coloc_disable(struct tracer *tr)
{
	coloc_unpin(tr);
	tr->coloc.enabled = false;
}

bool coloc_pinned(const struct tracer *tr, pid_t pid)
{
	return tr->coloc.pinned && (pid == 0 || pid == tr->coloc.pid);
}
