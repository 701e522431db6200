// bsod's own seccomp profile for sandbox containers: an allowlist of the x86-64 system calls
// that programs, toolchains and the harness use, with the exploit-prone kernel surfaces no
// stage needs refused (io_uring, bpf, userfaultfd, perf, keyrings, namespaces, mounts, modules,
// ptrace and its relatives, NUMA policy, clock setting). Stages that need one of those get a
// kernel of their own (the vm runtime), never the host's.
//
// Refused calls fail with EPERM, so a program sees "Operation not permitted" rather than a
// missing feature; a call the list does not know (a newer kernel's) fails with ENOSYS, so libc
// falls back to an older one, as it does for clone3.

const EPERM = 1;
const ENOSYS = 38;

/** Calls every sandbox may make (names as in the kernel's unistd_64.h). */
const ALLOWED = `
read write open close stat fstat lstat poll lseek mmap mprotect munmap brk rt_sigaction
rt_sigprocmask rt_sigreturn ioctl pread64 pwrite64 readv writev access pipe select sched_yield
mremap msync mincore madvise shmget shmat shmctl dup dup2 pause nanosleep getitimer alarm
setitimer getpid sendfile socket connect accept sendto recvfrom sendmsg recvmsg shutdown bind
listen getsockname getpeername socketpair setsockopt getsockopt fork vfork execve exit wait4
kill uname semget semop semctl shmdt msgget msgsnd msgrcv msgctl fcntl flock fsync fdatasync
truncate ftruncate getdents getcwd chdir fchdir rename mkdir rmdir creat link unlink symlink
readlink chmod fchmod chown fchown lchown umask gettimeofday getrlimit getrusage sysinfo times
getuid getgid setuid setgid geteuid getegid setpgid getppid getpgrp setsid setreuid setregid
getgroups setgroups setresuid getresuid setresgid getresgid getpgid setfsuid setfsgid getsid
capget capset rt_sigpending rt_sigtimedwait rt_sigqueueinfo rt_sigsuspend sigaltstack utime
mknod personality statfs fstatfs getpriority setpriority sched_setparam sched_getparam
sched_setscheduler sched_getscheduler sched_get_priority_max sched_get_priority_min
sched_rr_get_interval mlock munlock mlockall munlockall prctl arch_prctl setrlimit sync gettid
readahead setxattr lsetxattr fsetxattr getxattr lgetxattr fgetxattr listxattr llistxattr
flistxattr removexattr lremovexattr fremovexattr tkill time futex sched_setaffinity
sched_getaffinity set_thread_area io_setup io_destroy io_getevents io_submit io_cancel
get_thread_area remap_file_pages getdents64 set_tid_address restart_syscall semtimedop
fadvise64 timer_create timer_settime timer_gettime timer_getoverrun timer_delete clock_gettime
clock_getres clock_nanosleep exit_group epoll_wait epoll_ctl tgkill utimes get_mempolicy mq_open
mq_unlink mq_timedsend mq_timedreceive mq_notify mq_getsetattr waitid ioprio_set ioprio_get
inotify_init inotify_add_watch inotify_rm_watch openat mkdirat mknodat fchownat futimesat
newfstatat unlinkat renameat linkat symlinkat readlinkat fchmodat faccessat pselect6 ppoll
set_robust_list get_robust_list splice tee sync_file_range vmsplice utimensat epoll_pwait
signalfd timerfd_create eventfd fallocate timerfd_settime timerfd_gettime accept4 signalfd4
eventfd2 epoll_create epoll_create1 dup3 pipe2 inotify_init1 preadv pwritev rt_tgsigqueueinfo
recvmmsg prlimit64 syncfs sendmmsg getcpu sched_setattr sched_getattr renameat2 seccomp getrandom
memfd_create execveat membarrier mlock2 copy_file_range preadv2 pwritev2 pkey_mprotect pkey_alloc
pkey_free statx io_pgetevents rseq pidfd_send_signal pidfd_open close_range openat2 faccessat2
epoll_pwait2 futex_waitv landlock_create_ruleset landlock_add_rule landlock_restrict_self
`;

/** Refused with EPERM: each is a kernel surface with a record, or power over the host. */
export const REFUSED = `
io_uring_setup io_uring_enter io_uring_register bpf userfaultfd perf_event_open
add_key request_key keyctl unshare setns mount umount2 pivot_root chroot open_tree move_mount
fsopen fsconfig fsmount fspick mount_setattr init_module finit_module delete_module
kexec_load kexec_file_load ptrace process_vm_readv process_vm_writev kcmp pidfd_getfd
process_madvise process_mrelease open_by_handle_at name_to_handle_at mbind set_mempolicy
set_mempolicy_home_node migrate_pages move_pages modify_ldt iopl ioperm swapon swapoff reboot
sethostname setdomainname settimeofday clock_settime clock_adjtime adjtimex acct quotactl
quotactl_fd lookup_dcookie syslog fanotify_init fanotify_mark vhangup uselib ustat sysfs
_sysctl nfsservctl memfd_secret
`;

/** clone flags that make new namespaces (CLONE_NEWNS|NEWCGROUP|NEWUTS|NEWIPC|NEWUSER|NEWPID|NEWNET). */
const CLONE_NAMESPACE_FLAGS = 0x7e020000;

const names = (list: string) => list.trim().split(/\s+/);

interface SeccompRule {
  names: string[];
  action: "SCMP_ACT_ALLOW" | "SCMP_ACT_ERRNO";
  errnoRet?: number;
  args?: Array<{ index: number; value: number; valueTwo: number; op: "SCMP_CMP_MASKED_EQ" }>;
}

export interface SeccompProfile {
  defaultAction: "SCMP_ACT_ERRNO";
  defaultErrnoRet: number;
  architectures: string[];
  syscalls: SeccompRule[];
}

export function seccompProfile(): SeccompProfile {
  return {
    defaultAction: "SCMP_ACT_ERRNO",
    defaultErrnoRet: ENOSYS,
    // 32-bit binaries (and `int 0x80` in an assembly stage) get the same list under their numbers.
    architectures: ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"],
    syscalls: [
      { names: names(ALLOWED), action: "SCMP_ACT_ALLOW" },
      // clone without namespace flags (x86-64 passes the flags first); clone3 hides its flags in
      // memory a filter cannot read, so it answers ENOSYS and libc falls back to clone.
      {
        names: ["clone"],
        action: "SCMP_ACT_ALLOW",
        args: [{ index: 0, value: CLONE_NAMESPACE_FLAGS, valueTwo: 0, op: "SCMP_CMP_MASKED_EQ" }],
      },
      { names: ["clone3"], action: "SCMP_ACT_ERRNO", errnoRet: ENOSYS },
      { names: names(REFUSED), action: "SCMP_ACT_ERRNO", errnoRet: EPERM },
    ],
  };
}

/** The profile as Docker takes it inline: `SecurityOpt: ["seccomp=<json>"]`. */
export const SECCOMP_OPT = `seccomp=${JSON.stringify(seccompProfile())}`;
