/**
 * The signals that end a process unless it handles them, and that it can
 * handle: on each, a run removes its temporary files (output, --by-run
 * spool) and erases its progress line, then dies of the signal as it would
 * have (a shell then reports 128 + its number: 129, 130, 131, 143). SIGPIPE is not among them:
 * Node ignores it, and a closed pipe is a write error (EPIPE, exit 74).
 */
export const TERMINATING_SIGNALS = ["SIGHUP", "SIGINT", "SIGQUIT", "SIGTERM"] as const;
