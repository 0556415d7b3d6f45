/* pingpong [ITERS [MAXBYTES]]: ranks 0 and 1 bounce messages of 1 byte to
 * MAXBYTES (powers of 4), checking every byte; other ranks wait at the
 * barrier.  Prints "pingpong ok" (rank 0) or the first mismatch.  With
 * BENCH set in the environment, the bytes are not filled nor checked,
 * and rank 0 prints one line per size:
 *   bytes N latency_us X bandwidth_MBs Y
 * (half the round trip, and bytes over that half).  Also prints the time
 * MPI_Init took on rank 0 as "init_s X" with BENCH set. */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	double t0 = now();
	MPI_Init(&argc, &argv);
	double t1 = now();
	int rank, size, bad = 0, allbad;
	int iters = argc > 1 ? atoi(argv[1]) : 10;
	long maxbytes = argc > 2 ? atol(argv[2]) : 1 << 20;
	int bench = getenv("BENCH") != NULL;
	int check = !bench;	/* timing runs skip filling and checking */
	unsigned char *buf = malloc(maxbytes);

	MPI_Comm_rank(MPI_COMM_WORLD, &rank);
	MPI_Comm_size(MPI_COMM_WORLD, &size);
	if (size < 2) {
		if (rank == 0)
			fprintf(stderr, "pingpong: needs 2 ranks\n");
		MPI_Abort(MPI_COMM_WORLD, 2);
	}
	if (bench && rank == 0)
		printf("init_s %.6f\n", t1 - t0);
	for (long n = 1; n <= maxbytes; n *= 4) {
		MPI_Barrier(MPI_COMM_WORLD);
		double start = now();
		for (int it = 0; it < iters; it++) {
			unsigned char tag = (unsigned char)(it * 7 + n);
			if (rank == 0) {
				for (long i = 0; check && i < n; i++)
					buf[i] = (unsigned char)(tag + i);
				MPI_Send(buf, n, MPI_BYTE, 1, 0, MPI_COMM_WORLD);
				if (check)
					memset(buf, 0, n);
				MPI_Recv(buf, n, MPI_BYTE, 1, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
				for (long i = 0; check && i < n; i++)
					if (buf[i] != (unsigned char)(tag + i + 1)) {
						if (!bad)
							printf("mismatch: %ld bytes, iteration %d, byte %ld\n", n, it, i);
						bad = 1;
						break;
					}
			} else if (rank == 1) {
				MPI_Recv(buf, n, MPI_BYTE, 0, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
				for (long i = 0; check && i < n; i++)
					buf[i]++;
				MPI_Send(buf, n, MPI_BYTE, 0, 0, MPI_COMM_WORLD);
			}
		}
		double half = (now() - start) / iters / 2;
		if (bench && rank == 0)
			printf("bytes %ld latency_us %.3f bandwidth_MBs %.1f\n",
			       n, half * 1e6, n / half / 1e6);
	}
	MPI_Allreduce(&bad, &allbad, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
	if (rank == 0 && !allbad)
		printf("pingpong ok\n");
	free(buf);
	MPI_Finalize();
	return allbad;
}
