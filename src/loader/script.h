/* The load script: what burrow hands its loader at the start of every
 * guest exec.  burrow writes it below the loader's initial stack at the
 * exec event and passes its address in the first argument register.
 * Shared by the tracer and the freestanding loader: plain integers only.
 */
#ifndef BURROW_LOADER_SCRIPT_H
#define BURROW_LOADER_SCRIPT_H

#include <stdint.h>

#define LOAD_SCRIPT_MAGIC 0x31646c7772727562ULL	/* "burrwld1" */

struct load_script {
	uint64_t magic;
	uint64_t sp0;		/* the stack the kernel built: argc, argv, envp, auxv */
	uint64_t prog;		/* guest path of the ELF to map (opened through
				 * burrow's translation like any other open) */
	uint64_t execfn;	/* AT_EXECFN: the path given to execve */
	uint64_t comm;		/* the task name the kernel would have set */
};

#endif
