/* allreduce: rank r contributes r+1 and a vector; rank 0 prints the sums
 * and whether each matches n(n+1)/2.  Exit status 1 on a wrong sum. */
#include <mpi.h>
#include <stdio.h>

#define LEN 1000

int main(int argc, char **argv)
{
	int rank, size, bad = 0, allbad;
	long one, sum;
	static double v[LEN], s[LEN];

	MPI_Init(&argc, &argv);
	MPI_Comm_rank(MPI_COMM_WORLD, &rank);
	MPI_Comm_size(MPI_COMM_WORLD, &size);
	one = rank + 1;
	MPI_Allreduce(&one, &sum, 1, MPI_LONG, MPI_SUM, MPI_COMM_WORLD);
	for (int i = 0; i < LEN; i++)
		v[i] = (double)i * (rank + 1);
	MPI_Allreduce(v, s, LEN, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
	if (sum != (long)size * (size + 1) / 2)
		bad = 1;
	for (int i = 0; i < LEN; i++)
		if (s[i] != (double)i * size * (size + 1) / 2)
			bad = 1;
	MPI_Allreduce(&bad, &allbad, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
	if (rank == 0)
		printf("size %d sum %ld vector %s\n", size, sum, allbad ? "wrong" : "ok");
	MPI_Finalize();
	return allbad;
}
