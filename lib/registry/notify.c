/* notify: run the user's command about a decision; see notify.h. */
#include "registry/notify.h"
#include "base/msg.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void set_num(const char *name, double v)
{
	char buf[64] = "";

	if (!isnan(v))
		snprintf(buf, sizeof(buf), "%.6g", v);
	setenv(name, buf, 1);
}

static void set_version(const char *name, long v)
{
	char buf[32] = "";

	if (v)
		snprintf(buf, sizeof(buf), "v%ld", v);
	setenv(name, buf, 1);
}

int notify_run(const char *cmd, const struct notify_event *e)
{
	pid_t pid;
	int status;

	if (!cmd || !*cmd)
		return 0;
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		pc_warn("notify: cannot start '%s': %s", cmd, strerror(errno));
		return -1;
	}
	if (pid == 0) {
		setenv("PC_EVENT", e->event, 1);
		setenv("PC_REGISTRY", e->registry ? e->registry : "", 1);
		set_version("PC_VERSION", e->version);
		set_version("PC_PREVIOUS", e->previous);
		setenv("PC_METRIC", e->metric ? e->metric : "", 1);
		set_num("PC_CHAMPION_VALUE", e->champion);
		set_num("PC_CHALLENGER_VALUE", e->challenger);
		set_num("PC_PVALUE", e->p);
		setenv("PC_REASON", e->reason ? e->reason : "", 1);
		/* the command writes where it likes, never into our standard output */
		dup2(2, 1);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			pc_warn("notify: '%s': %s", cmd, strerror(errno));
			return -1;
		}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		pc_warn("notify: '%s' failed (%s %d)", cmd, WIFEXITED(status) ? "exit" : "signal",
			WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
		return -1;
	}
	return 0;
}
