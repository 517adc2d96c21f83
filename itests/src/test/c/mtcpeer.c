/*
 * mtcpeer: a small C reference peer for the network-namespace integration tests.
 *
 * It plays either the C++ mtcAgent (mode "agent") or the C++ mtcClient (mode "client") of the StarlingX node-lock
 * subsystem, following the rules read from the C++ sources (starlingx/metal at c1cd466), so that the Java roles can
 * be run against a peer that behaves like the C++ daemons on the wire. It is written from the facts, not from their
 * code: one file, C11, libc only. Every log line goes to stdout, line buffered.
 *
 *   mtcpeer client --hostname worker-1 --mac 02:00:00:00:00:01 --mgmt-ip A --cluster-ip B --pxeboot-ip C
 *                  --controller-floating F --controller0-cluster X --controller1-cluster Y
 *                  --volatile PATH --backup PATH [--period-ms 1000] [--personality worker] [--legacy] [--simplex]
 *                  [--journal PATH [--alive-on-change]]
 *   mtcpeer agent  --hostname controller-0 --floating F --mgmt-ip U --cluster-ip CU --pxeboot-ip PU
 *                  --controller0-pxeboot P0 --controller1-pxeboot P1 [--simplex] [--audit-ms 7000]
 *                  [--pxeboot-monitor-ms 10000] [--pxeboot-miss 6] [--pxeboot-loss 2] [--self-backup PATH]
 *   mtcpeer encode KIND ARGS...   (prints the hex of one message built by this code; see usage())
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

/* ------------------------------------------------------------------------------------------------------------- */
/* Wire format (spec 1.1): packed, host order (little endian on x86-64), 1060 bytes.                              */
/* ------------------------------------------------------------------------------------------------------------- */

typedef struct __attribute__((packed)) {
    char hdr[64];
    unsigned short ver;
    unsigned short rev;
    unsigned int res;
    unsigned int cmd;
    unsigned int num;
    unsigned int parm[5];
    char buf[960];
} mtc_msg;

_Static_assert(sizeof(mtc_msg) == 1060, "mtc_message_type is 1060 bytes");
_Static_assert(offsetof(mtc_msg, hdr) == 0, "hdr at 0");
_Static_assert(offsetof(mtc_msg, ver) == 64, "ver at 64");
_Static_assert(offsetof(mtc_msg, rev) == 66, "rev at 66");
_Static_assert(offsetof(mtc_msg, res) == 68, "res at 68");
_Static_assert(offsetof(mtc_msg, cmd) == 72, "cmd at 72");
_Static_assert(offsetof(mtc_msg, num) == 76, "num at 76");
_Static_assert(offsetof(mtc_msg, parm) == 80, "parm at 80");
_Static_assert(offsetof(mtc_msg, buf) == 100, "buf at 100");
_Static_assert(sizeof(unsigned short) == 2 && sizeof(unsigned int) == 4, "field widths");

/* A receive buffer one byte longer than the message, always NUL there: string scans never leave it. */
typedef struct __attribute__((packed)) {
    mtc_msg m;
    char nul;
} rx_buf;

#define FIXED_BYTES 100u
#define SIG_LEN 17
#define HDR_FIELD 18 /* MSG_HEADER_SIZE: signature + NUL */

static const char HDR_REQ[] = "cgts mtc cmd req:";
static const char HDR_RSP[] = "cgts mtc cmd rsp:";
static const char HDR_REP[] = "cgts mtc rep msg:";
static const char HDR_WORKER[] = "cgts mtc message:";
static const char HDR_EVENT[] = "mtce event msg  :";

enum {
    CMD_LOOPBACK = 1, CMD_REBOOT = 2, CMD_WIPEDISK = 3, CMD_RESET = 4, MSG_MTCALIVE = 5, REQ_MTCALIVE = 6,
    MSG_MAIN_GOENABLED = 7, MSG_SUBF_GOENABLED = 8, REQ_MAIN_GOENABLED = 9, REQ_SUBF_GOENABLED = 10,
    MSG_MAIN_GOENABLED_FAILED = 11, MSG_SUBF_GOENABLED_FAILED = 12, MSG_LOCKED = 13, CMD_STOP_CONTROL_SVCS = 14,
    CMD_START_STORAGE_SVCS = 19, CMD_LAZY_REBOOT = 20, CMD_HOST_SVCS_RESULT = 21, MSG_INFO = 22, CMD_SYNC = 23,
    MSG_UNLOCKED = 24
};
#define EVENT_MONITOR_READY 0xF0F0F0F0u
#define ENHANCED_HOST_SERVICES 0x1B0000B1u

#define FLAG_CONFIGURED 0x1u
#define FLAG_HEALTHY 0x4u
#define FLAG_LOCKED 0x8u

static const char ADMIN_LOCKED_STR[] = "This node is currently in the administratively locked state";

enum { MGMT = 0, CLSTR = 1, PXE = 2 };
static const char *const IFN[3] = {"Mgmnt", "Clstr", "Pxeboot"};

/* Ports (spec 2.1), all configurable. */
static int port_agent = 2101;         /* agent mgmt + cluster rx; client mgmt/cluster tx destination */
static int port_agent_pxeboot = 2102; /* agent pxeboot rx; client pxeboot tx destination */
static int port_client_mgmt = 2118;
static int port_client_cluster = 2115;
static int port_client_pxeboot = 2119;

static int legacy_names; /* a pre-d9982a3 client: 24 is "unknown" */
static int verbose;

static const char *cmd_name(unsigned int cmd) {
    switch (cmd) {
    case 0: return "none";
    case CMD_LOOPBACK: return "loopback";
    case CMD_REBOOT: return "reboot";
    case CMD_WIPEDISK: return "wipedisk";
    case CMD_RESET: return "reset";
    case MSG_MTCALIVE: return "mtcAlive msg";
    case REQ_MTCALIVE: return "mtcAlive req";
    case MSG_LOCKED: return "locked msg";
    case MSG_UNLOCKED: return legacy_names ? "unknown" : "unlocked msg";
    case CMD_LAZY_REBOOT: return "lazy reboot";
    case MSG_INFO: return "info msg";
    case CMD_SYNC: return "sync";
    case MSG_MAIN_GOENABLED: return "goEnabled main msg";
    case MSG_SUBF_GOENABLED: return "goEnabled subf msg";
    case REQ_MAIN_GOENABLED: return "goEnabled main req";
    case REQ_SUBF_GOENABLED: return "goEnabled subf req";
    case MSG_MAIN_GOENABLED_FAILED: return "goEnabled main failed";
    case MSG_SUBF_GOENABLED_FAILED: return "goEnabled subf failed";
    case 14: return "stop controller host services";
    case 15: return "stop worker host services";
    case 16: return "stop storage host services";
    case 17: return "start controller host services";
    case 18: return "start worker host services";
    case 19: return "start storage host services";
    case CMD_HOST_SVCS_RESULT: return "host services result";
    case EVENT_MONITOR_READY: return "monitor ready event";
    default: return "unknown";
    }
}

/* ------------------------------------------------------------------------------------------------------------- */
/* Logging and small helpers                                                                                     */
/* ------------------------------------------------------------------------------------------------------------- */

static void logm(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void logm(const char *fmt, ...) {
    struct timespec ts;
    struct tm tm;
    clock_gettime(CLOCK_REALTIME, &ts);
    localtime_r(&ts.tv_sec, &tm);
    printf("%02d:%02d:%02d.%03ld ", tm.tm_hour, tm.tm_min, tm.tm_sec, ts.tv_nsec / 1000000L);
    va_list ap;
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    putchar('\n');
    fflush(stdout);
}

static long long now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000LL + ts.tv_nsec / 1000000L;
}

static unsigned int uptime_secs(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (unsigned int)ts.tv_sec;
}

static void copy_str(char *dst, size_t n, const char *src) {
    if (n == 0) {
        return;
    }
    size_t l = src ? strlen(src) : 0;
    if (l >= n) {
        l = n - 1;
    }
    if (l) {
        memcpy(dst, src, l);
    }
    dst[l] = '\0';
}

static int empty(const char *s) {
    return s == NULL || *s == '\0';
}

static int valid_ip(const char *s) {
    struct in_addr a;
    return !empty(s) && inet_pton(AF_INET, s, &a) == 1;
}

static int file_present(const char *path) {
    return !empty(path) && access(path, F_OK) == 0;
}

/* mkdir -p of the file's directory: stands in for the packaging that creates /var/persist/mtc. */
static void make_parent_dirs(const char *path) {
    char tmp[1024];
    copy_str(tmp, sizeof tmp, path);
    for (char *p = tmp + 1; *p; p++) {
        if (*p == '/') {
            *p = '\0';
            mkdir(tmp, 0755);
            *p = '/';
        }
    }
}

/* daemon_log(): fopen "a" + the text and a newline; only ever called when the file is absent. */
static void flag_file_create(const char *path) {
    make_parent_dirs(path);
    FILE *f = fopen(path, "a");
    if (!f) {
        logm("failed to create %s (%d:%s)", path, errno, strerror(errno));
        return;
    }
    fprintf(f, "%s\n", ADMIN_LOCKED_STR);
    fclose(f);
}

static void flag_file_remove(const char *path) {
    if (unlink(path) != 0 && errno != ENOENT) {
        logm("failed to remove %s (%d:%s)", path, errno, strerror(errno));
    }
}

/*
 * The Java flags bundle's durable recipe (--journal), for benchmarks against this peer: the target state recorded in
 * a journal (temp write, fsync, rename, directory fsync), then both files in one batch (each temp file written and
 * fsynced, then renamed; removals unlinked; each directory fsynced once), then the journal unlinked without a
 * directory fsync. The C++ client does none of this (fopen "a", unlink). A journal left by a crash is not
 * replayed at start: the peer only has to cost what the Java client costs (bench/convergence.sh).
 */
static int fsync_path(const char *path, int flags) {
    int fd = open(path, flags | O_CLOEXEC);
    if (fd < 0) {
        logm("cannot open %s to fsync (%d:%s)", path, errno, strerror(errno));
        return -1;
    }
    int rc = fsync(fd);
    if (rc != 0) {
        logm("fsync of %s failed (%d:%s)", path, errno, strerror(errno));
    }
    close(fd);
    return rc;
}

static void dir_of(const char *path, char *out, size_t n) {
    copy_str(out, n, path);
    char *slash = strrchr(out, '/');
    if (slash == out) {
        slash[1] = '\0';
    } else if (slash) {
        *slash = '\0';
    } else {
        copy_str(out, n, ".");
    }
}

static int fsync_dir_of(const char *path) {
    char dir[1024];
    dir_of(path, dir, sizeof dir);
    return fsync_path(dir, O_RDONLY | O_DIRECTORY);
}

/* <path>.tmp written with content and fsynced; 0 on success. */
static int write_temp_synced(const char *path, const char *content) {
    char tmp[1040];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    make_parent_dirs(path);
    unlink(tmp);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd < 0) {
        logm("failed to create %s (%d:%s)", tmp, errno, strerror(errno));
        return -1;
    }
    size_t len = strlen(content);
    int rc = write(fd, content, len) == (ssize_t)len && fsync(fd) == 0 ? 0 : -1;
    if (rc != 0) {
        logm("failed to write %s (%d:%s)", tmp, errno, strerror(errno));
    }
    close(fd);
    return rc;
}

static int rename_temp(const char *path) {
    char tmp[1040];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    if (rename(tmp, path) != 0) {
        logm("failed to rename %s (%d:%s)", tmp, errno, strerror(errno));
        return -1;
    }
    return 0;
}

/* Sets both flag files to want_volatile / want_backup durably, journal first. */
static void durable_set_flags(const char *journal, const char *journal_state, const char *volatile_path,
                              int want_volatile, const char *backup_path, int want_backup) {
    const char *paths[2] = {volatile_path, backup_path};
    int want[2] = {want_volatile, want_backup};
    int change[2];
    for (int i = 0; i < 2; i++) {
        change[i] = file_present(paths[i]) != want[i];
    }
    if (!change[0] && !change[1]) {
        return;
    }
    char line[64];
    snprintf(line, sizeof line, "%s\n", journal_state);
    if (write_temp_synced(journal, line) != 0 || rename_temp(journal) != 0 || fsync_dir_of(journal) != 0) {
        return;
    }
    char content[sizeof ADMIN_LOCKED_STR + 1];
    snprintf(content, sizeof content, "%s\n", ADMIN_LOCKED_STR);
    int ok = 1;
    for (int i = 0; i < 2; i++) {
        if (change[i] && want[i] && write_temp_synced(paths[i], content) != 0) {
            ok = 0;
            change[i] = 0;
        }
    }
    for (int i = 0; i < 2; i++) {
        if (change[i] && want[i]) {
            ok &= rename_temp(paths[i]) == 0;
        } else if (change[i] && unlink(paths[i]) != 0 && errno != ENOENT) {
            logm("failed to remove %s (%d:%s)", paths[i], errno, strerror(errno));
            ok = 0;
        }
    }
    char d0[1024], d1[1024];
    dir_of(paths[0], d0, sizeof d0);
    dir_of(paths[1], d1, sizeof d1);
    if (change[0] && fsync_dir_of(paths[0]) != 0) {
        ok = 0;
    }
    if (change[1] && !(change[0] && strcmp(d0, d1) == 0) && fsync_dir_of(paths[1]) != 0) {
        ok = 0;
    }
    if (ok) {
        unlink(journal); /* not fsynced: a lost removal only replays a finished change */
    }
}

static void hex_print(const void *data, size_t n) {
    const unsigned char *b = data;
    for (size_t i = 0; i < n; i++) {
        printf("%02x", b[i]);
    }
    putchar('\n');
    fflush(stdout);
}

/* ------------------------------------------------------------------------------------------------------------- */
/* Minimal JSON reading: string values of flat keys, and the raw text of an array or object value.               */
/* ------------------------------------------------------------------------------------------------------------- */

/* @return a pointer to the first character of the value of "key" (after ':' and blanks), or NULL */
static const char *json_value(const char *json, const char *key) {
    char pat[96];
    int pl = snprintf(pat, sizeof pat, "\"%s\"", key);
    if (pl <= 0 || (size_t)pl >= sizeof pat) {
        return NULL;
    }
    const char *p = json;
    while ((p = strstr(p, pat)) != NULL) {
        const char *q = p + pl;
        while (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r') {
            q++;
        }
        if (*q == ':') {
            q++;
            while (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r') {
                q++;
            }
            return q;
        }
        p += 1;
    }
    return NULL;
}

/* @return 0 and the string value of "key" in out, or -1 when the key is absent or not a string */
static int json_string(const char *json, const char *key, char *out, size_t n) {
    const char *v = json_value(json, key);
    if (!v || *v != '"') {
        return -1;
    }
    v++;
    size_t o = 0;
    while (*v && *v != '"') {
        char c = *v++;
        if (c == '\\' && *v) {
            c = *v++;
            if (c == 'n') {
                c = '\n';
            } else if (c == 't') {
                c = '\t';
            }
        }
        if (o + 1 < n) {
            out[o++] = c;
        }
    }
    if (*v != '"') {
        return -1;
    }
    if (n) {
        out[o] = '\0';
    }
    return 0;
}

/* @return 0 and the raw text of the array/object value of "key" (brackets included), or -1 */
static int json_raw(const char *json, const char *key, char open, char close, char *out, size_t n) {
    const char *v = json_value(json, key);
    if (!v || *v != open) {
        return -1;
    }
    int depth = 0;
    const char *e = v;
    for (; *e; e++) {
        if (*e == open) {
            depth++;
        } else if (*e == close && --depth == 0) {
            break;
        }
    }
    if (*e != close) {
        return -1;
    }
    size_t l = (size_t)(e - v) + 1;
    if (l >= n) {
        l = n - 1;
    }
    memcpy(out, v, l);
    out[l] = '\0';
    return 0;
}

/* ------------------------------------------------------------------------------------------------------------- */
/* Message builders, shared by the daemons and by the encode self-test.                                          */
/* ------------------------------------------------------------------------------------------------------------- */

static void write_header(mtc_msg *m, const char *sig) {
    snprintf(&m->hdr[0], HDR_FIELD, "%s", sig);
}

static size_t set_buf(mtc_msg *m, const char *json) {
    size_t len = strlen(json);
    if (len > sizeof m->buf - 1) {
        len = sizeof m->buf - 1;
    }
    memcpy(m->buf, json, len);
    m->buf[len] = '\0';
    return FIXED_BYTES + len + 1;
}

/* Agent command (mtcCtrlMsg.cpp send_mtc_cmd): ver 1, rev 0, req header with the target's mgmt MAC over the NUL. */
static size_t build_command(mtc_msg *m, unsigned int cmd, const char *mac, int num, const unsigned int *parm,
                            const char *payload) {
    memset(m, 0, sizeof *m);
    m->ver = 1;
    m->rev = 0;
    write_header(m, HDR_REQ);
    m->cmd = cmd;
    m->num = (unsigned int)num;
    for (int i = 0; i < num && i < 5; i++) {
        m->parm[i] = parm[i];
    }
    snprintf(&m->hdr[HDR_FIELD - 1], HDR_FIELD, "%s", mac);
    return set_buf(m, payload);
}

static void default_payload(char *out, size_t n, const char *address, int iface) {
    snprintf(out, n, "{\"address\":\"%s\",\"interface\":\"%s\"}", address, IFN[iface]);
}

static void pxeboot_info_payload(char *out, size_t n, const char *active, const char *c0, const char *c1) {
    snprintf(out, n, "{\"pxebootInfo\":{\"controller\":\"%s\",\"controller-0\":\"%s\",\"controller-1\":\"%s\"}}",
             active, c0, c1);
}

/* Client ack (mtcCompMsg.cpp): the rsp signature + NUL written over the request's; cmd/num/parm kept; 100 bytes. */
static size_t make_ack(mtc_msg *m) {
    write_header(m, HDR_RSP);
    return FIXED_BYTES;
}

typedef struct {
    const char *hostname, *personality, *pxeboot_ip, *mgmt_ip, *cluster_ip, *mac;
} identity_t;

/* create_mtcAlive_msg: worker header, cmd 5, ver 0, num 4, identity JSON + interface + sequence. */
static size_t build_mtcalive(mtc_msg *m, const identity_t *id, int iface, unsigned int uptime, unsigned int health,
                             unsigned int flags, unsigned int seq) {
    char json[960];
    memset(m, 0, sizeof *m);
    write_header(m, HDR_WORKER);
    m->cmd = MSG_MTCALIVE;
    m->num = 4;
    m->parm[0] = uptime;
    m->parm[1] = health;
    m->parm[2] = flags;
    m->parm[3] = seq;
    snprintf(json, sizeof json,
             "{\"hostname\":\"%s\",\"personality\":\"%s\",\"pxeboot_ip\":\"%s\",\"mgmt_ip\":\"%s\","
             "\"cluster_host_ip\":\"%s\",\"mgmt_mac\":\"%s\",\"interface\":\"%s\",\"sequence\":%d}",
             id->hostname, id->personality, id->pxeboot_ip, id->mgmt_ip, id->cluster_ip, id->mac, IFN[iface],
             (int)seq);
    return set_buf(m, json);
}

/* mtce_send_event(MTC_EVENT_MONITOR_READY): event header, cmd 0xF0F0F0F0, num 0. */
static size_t build_ready(mtc_msg *m, const char *hostname, const char *active_pxeboot) {
    char json[960];
    memset(m, 0, sizeof *m);
    write_header(m, HDR_EVENT);
    m->cmd = EVENT_MONITOR_READY;
    snprintf(json, sizeof json,
             "{\"hostname\":\"%s\",\"service\":\"mtcClient\",\"active_controller_pxeboot_address\":\"%s\","
             "\"features\":[\"pxeboot_mtcAlive\"]}",
             hostname, active_pxeboot);
    return set_buf(m, json);
}

static int iface_from_name(const char *s) {
    for (int i = 0; i < 3; i++) {
        if (strcasecmp(s, IFN[i]) == 0) {
            return i;
        }
    }
    if (strcasecmp(s, "mgmt") == 0 || strcasecmp(s, "management") == 0) {
        return MGMT;
    }
    if (strcasecmp(s, "cluster") == 0 || strcasecmp(s, "cluster-host") == 0) {
        return CLSTR;
    }
    return -1;
}

/* ------------------------------------------------------------------------------------------------------------- */
/* Sockets                                                                                                       */
/* ------------------------------------------------------------------------------------------------------------- */

static int make_addr(struct sockaddr_in *a, const char *ip, int port) {
    memset(a, 0, sizeof *a);
    a->sin_family = AF_INET;
    a->sin_port = htons((unsigned short)port);
    if (empty(ip)) {
        a->sin_addr.s_addr = htonl(INADDR_ANY);
        return 0;
    }
    return inet_pton(AF_INET, ip, &a->sin_addr) == 1 ? 0 : -1;
}

/* A non-blocking UDP socket bound to ip:port (ip NULL or "" = not bound). @return the fd, or -1 with errno set. */
static int udp_socket(const char *ip, int port) {
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        return -1;
    }
    int on = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    if (!empty(ip)) {
        struct sockaddr_in a;
        if (make_addr(&a, ip, port) != 0) {
            close(fd);
            errno = EINVAL;
            return -1;
        }
        if (bind(fd, (struct sockaddr *)&a, sizeof a) != 0) {
            int e = errno;
            close(fd);
            errno = e;
            return -1;
        }
    }
    return fd;
}

static ssize_t send_to(int fd, const void *data, size_t n, const char *ip, int port) {
    struct sockaddr_in a;
    if (fd < 0) {
        errno = EBADF;
        return -1;
    }
    if (make_addr(&a, ip, port) != 0 || empty(ip)) {
        errno = EINVAL;
        return -1;
    }
    return sendto(fd, data, n, 0, (struct sockaddr *)&a, sizeof a);
}

static void trace_msg(const char *dir, int iface, const char *peer, const mtc_msg *m, ssize_t n) {
    if (!verbose) {
        return;
    }
    logm("%s %s %s %zd bytes: hdr='%.17s' ver=%u cmd=0x%x num=%u parm=%u,%u,%u,%u buf=%.200s", dir, IFN[iface],
         peer, n, m->hdr, m->ver, m->cmd, m->num, m->parm[0], m->parm[1], m->parm[2], m->parm[3],
         n > (ssize_t)FIXED_BYTES ? m->buf : "");
}

/* ------------------------------------------------------------------------------------------------------------- */
/* Options                                                                                                       */
/* ------------------------------------------------------------------------------------------------------------- */

typedef struct {
    const char *name;
    char kind; /* 's' string, 'i' int, 'f' flag */
    void *dst;
} opt_t;

static int parse_options(int argc, char **argv, const opt_t *opts) {
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (strncmp(a, "--", 2) != 0) {
            fprintf(stderr, "mtcpeer: unexpected argument '%s'\n", a);
            return -1;
        }
        const opt_t *o = opts;
        for (; o->name; o++) {
            if (strcmp(o->name, a + 2) == 0) {
                break;
            }
        }
        if (!o->name) {
            fprintf(stderr, "mtcpeer: unknown option '%s'\n", a);
            return -1;
        }
        if (o->kind == 'f') {
            *(int *)o->dst = 1;
            continue;
        }
        if (i + 1 >= argc) {
            fprintf(stderr, "mtcpeer: option '%s' needs a value\n", a);
            return -1;
        }
        const char *v = argv[++i];
        if (o->kind == 's') {
            *(const char **)o->dst = v;
        } else {
            char *end;
            long n = strtol(v, &end, 0);
            if (*end != '\0') {
                fprintf(stderr, "mtcpeer: option '%s' needs a number, not '%s'\n", a, v);
                return -1;
            }
            *(int *)o->dst = (int)n;
        }
    }
    return 0;
}

static volatile sig_atomic_t g_stop;

static void on_signal(int sig) {
    (void)sig;
    g_stop = 1;
}

static void install_signals(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
}

/* Reads stdin lines without blocking; calls handle(line) for each; @return 0, or -1 at EOF. */
typedef struct {
    char data[4096];
    size_t len;
} line_buf;

static int read_lines(line_buf *lb, void (*handle)(char *line)) {
    ssize_t n = read(STDIN_FILENO, lb->data + lb->len, sizeof lb->data - 1 - lb->len);
    if (n == 0) {
        return -1;
    }
    if (n < 0) {
        return (errno == EINTR || errno == EAGAIN) ? 0 : -1;
    }
    lb->len += (size_t)n;
    for (;;) {
        char *nl = memchr(lb->data, '\n', lb->len);
        if (!nl) {
            if (lb->len >= sizeof lb->data - 1) {
                lb->len = 0; /* an absurd line: drop it */
            }
            return 0;
        }
        *nl = '\0';
        char line[4096];
        copy_str(line, sizeof line, lb->data);
        size_t used = (size_t)(nl - lb->data) + 1;
        memmove(lb->data, nl + 1, lb->len - used);
        lb->len -= used;
        size_t l = strlen(line);
        while (l && (line[l - 1] == '\r' || line[l - 1] == ' ')) {
            line[--l] = '\0';
        }
        handle(line);
        if (g_stop) {
            return 0;
        }
    }
}

/* ============================================================================================================= */
/* CLIENT: the C++ mtcClient (mtcNodeComp.cpp, mtcCompMsg.cpp)                                                     */
/* ============================================================================================================= */

static struct {
    const char *hostname, *mac, *mgmt_ip, *cluster_ip, *pxeboot_ip, *floating, *c0_cluster, *c1_cluster;
    const char *volatile_path, *backup_path, *personality, *journal;
    int period_ms, first_ms, ready_ticks, legacy, simplex, base_flags, health, alive_on_change;

    int clstr_prov, pxe_prov;
    int rx[3];          /* own mgmt:2118, own cluster:2115, own pxeboot:2119 */
    int tx_mgmt;        /* bound to own mgmt ip, to floating:2101 */
    int tx_clstr;       /* bound to own cluster ip, to X:2101 and Y:2101 */
    int tx_pxe;         /* unbound, to learned controller pxeboot addresses:2102 */
    char pxe_c0[64], pxe_c1[64], pxe_active[64];
    int learned_log[2]; /* pxeboot_address_learned: starts true so the first "not learned" is logged once */
    unsigned int seq[3];
    int ready_counter;
    long long next_tick;
} C;

static void c_setup_mgmt_rx(void) {
    if (C.rx[MGMT] >= 0) {
        close(C.rx[MGMT]);
    }
    C.rx[MGMT] = udp_socket(C.mgmt_ip, port_client_mgmt);
    if (C.rx[MGMT] < 0) {
        logm("failed to init 'management rx' socket %s:%d (%d:%s)", C.mgmt_ip, port_client_mgmt, errno,
             strerror(errno));
    }
}

static void c_setup_mgmt_tx(void) {
    logm("setup of Mgmt network transmit socket");
    if (C.tx_mgmt >= 0) {
        close(C.tx_mgmt);
    }
    C.tx_mgmt = udp_socket(C.mgmt_ip, 0);
    if (C.tx_mgmt < 0) {
        logm("failed to init 'management tx' socket (%d:%s)", errno, strerror(errno));
    }
}

static void c_setup_pxe_rx(void) {
    if (!C.pxe_prov) {
        return;
    }
    logm("setup pxeboot receive socket on %s:%d", C.pxeboot_ip, port_client_pxeboot);
    if (C.rx[PXE] >= 0) {
        close(C.rx[PXE]);
    }
    C.rx[PXE] = udp_socket(C.pxeboot_ip, port_client_pxeboot);
    if (C.rx[PXE] < 0) {
        logm("failed to bind %s:%d to socket (%d:%s)", C.pxeboot_ip, port_client_pxeboot, errno, strerror(errno));
    }
}

static void c_setup_pxe_tx(void) {
    if (!C.pxe_prov) {
        return;
    }
    logm("setup of pxeboot transmit socket");
    if (C.tx_pxe >= 0) {
        close(C.tx_pxe);
    }
    C.tx_pxe = udp_socket(NULL, 0);
    if (C.tx_pxe < 0) {
        logm("failed to setup pxeboot network transmit socket ; (%d:%s)", errno, strerror(errno));
    }
}

static void c_setup_clstr_rx(void) {
    if (!C.clstr_prov) {
        return;
    }
    logm("setup of cluster-host receive socket");
    if (C.rx[CLSTR] >= 0) {
        close(C.rx[CLSTR]);
    }
    C.rx[CLSTR] = udp_socket(C.cluster_ip, port_client_cluster);
    if (C.rx[CLSTR] < 0) {
        logm("failed to init 'cluster-host rx' socket %s:%d (%d:%s)", C.cluster_ip, port_client_cluster, errno,
             strerror(errno));
    }
}

static void c_setup_clstr_tx(void) {
    if (!C.clstr_prov) {
        return;
    }
    logm("setup of controller-0-cluster-host transmit sockets");
    if (C.tx_clstr >= 0) {
        close(C.tx_clstr);
    }
    C.tx_clstr = udp_socket(C.cluster_ip, 0);
    if (C.tx_clstr < 0) {
        logm("failed to init 'controller-0-cluster-host' tx socket (%d:%s)", errno, strerror(errno));
    }
}

/* mtc_socket_init after cbcb194: pxeboot first, then mgmt, then cluster-host. */
static void c_socket_init(void) {
    if (C.pxe_prov) {
        c_setup_pxe_rx();
        c_setup_pxe_tx();
    }
    c_setup_mgmt_rx();
    c_setup_mgmt_tx();
    if (C.clstr_prov) {
        c_setup_clstr_rx();
        c_setup_clstr_tx();
    }
}

/* The periodic recovery audit after cbcb194: every failing socket is set up again on every tick. */
static void c_socket_audit(void) {
    if (C.rx[MGMT] < 0) {
        logm("calling setup_mgmt_rx_socket (auto-recovery)");
        c_setup_mgmt_rx();
    }
    if (C.tx_mgmt < 0) {
        logm("calling setup_mgmt_tx_socket (auto-recovery)");
        c_setup_mgmt_tx();
    }
    if (C.pxe_prov && C.rx[PXE] < 0) {
        logm("calling setup_pxeboot_rx_socket (auto-recovery)");
        c_setup_pxe_rx();
    }
    if (C.pxe_prov && C.tx_pxe < 0) {
        logm("calling setup_pxeboot_tx_socket (auto-recovery)");
        c_setup_pxe_tx();
    }
    if (C.clstr_prov && C.rx[CLSTR] < 0) {
        logm("calling setup_clstr_rx_socket (auto-recovery)");
        c_setup_clstr_rx();
    }
    if (C.clstr_prov && C.tx_clstr < 0) {
        logm("calling setup_clstr_tx_sockets (auto-recovery)");
        c_setup_clstr_tx();
    }
}

static unsigned int c_flags(void) {
    unsigned int flags = (unsigned int)C.base_flags;
    if (file_present(C.volatile_path)) {
        flags |= FLAG_LOCKED;
    }
    return flags;
}

/* send_mtcAlive_msg: the message (and its sequence number) is made before any address or socket check. */
static void c_send_mtcalive(int iface) {
    if (iface == PXE && !C.pxe_prov) {
        return;
    }
    if (iface == CLSTR && !C.clstr_prov) {
        return;
    }
    identity_t id = {C.hostname, C.personality, C.pxe_prov ? C.pxeboot_ip : "", C.mgmt_ip,
                     C.clstr_prov ? C.cluster_ip : "", C.mac};
    mtc_msg m;
    unsigned int seq = ++C.seq[iface];
    size_t n = build_mtcalive(&m, &id, iface, uptime_secs(), (unsigned int)C.health, c_flags(), seq);
    if (iface == PXE) {
        if (C.tx_pxe < 0) {
            logm("pxeboot_tx_socket not ok (%d)", C.tx_pxe);
            return;
        }
        for (int c = 0; c < 2; c++) {
            if (c == 1 && C.simplex) {
                continue;
            }
            const char *addr = c == 0 ? C.pxe_c0 : C.pxe_c1;
            if (empty(addr)) {
                if (C.learned_log[c]) {
                    C.learned_log[c] = 0;
                    logm("controller-%d pxeboot address not learned ; unable to send pxeboot mtcAlive", c);
                }
                continue;
            }
            if (!C.learned_log[c]) {
                logm("sending pxeboot network mtcAlive msg on port %d to controller-%d at %s", port_agent_pxeboot, c,
                     addr);
                C.learned_log[c] = 1;
            }
            trace_msg("tx", PXE, addr, &m, (ssize_t)n);
            if (send_to(C.tx_pxe, &m, n, addr, port_agent_pxeboot) <= 0) {
                logm("failed to send mtcAlive to controller-%d using %s:%d (pxeboot) (%d:%s)", c, addr,
                     port_agent_pxeboot, errno, strerror(errno));
            }
        }
    } else if (iface == MGMT) {
        if (C.tx_mgmt < 0) {
            logm("mtc_client_mgmt_tx_socket not ok");
            return;
        }
        trace_msg("tx", MGMT, C.floating, &m, (ssize_t)n);
        send_to(C.tx_mgmt, &m, n, C.floating, port_agent); /* the C++ ignores a failed mgmt mtcAlive write */
    } else {
        if (C.tx_clstr < 0) {
            logm("mtc_client_clstr_tx_socket_c0 not ok");
            return;
        }
        trace_msg("tx", CLSTR, C.c0_cluster, &m, (ssize_t)n);
        send_to(C.tx_clstr, &m, n, C.c0_cluster, port_agent);
        if (!C.simplex) {
            trace_msg("tx", CLSTR, C.c1_cluster, &m, (ssize_t)n);
            send_to(C.tx_clstr, &m, n, C.c1_cluster, port_agent);
        }
    }
}

/* mtce_send_event(MTC_EVENT_MONITOR_READY): mgmt to the floating address, and pxeboot to the active controller. */
static void c_send_ready(void) {
    mtc_msg m;
    size_t n = build_ready(&m, C.hostname, C.pxe_active);
    if (C.tx_mgmt >= 0) {
        trace_msg("tx", MGMT, C.floating, &m, (ssize_t)n);
        if (send_to(C.tx_mgmt, &m, n, C.floating, port_agent) != (ssize_t)n) {
            logm("message send failed. (%d:%s)", errno, strerror(errno));
        }
    } else {
        logm("cannot send to null or failed management network socket (Mgmnt)");
    }
    if (C.tx_pxe >= 0 && !empty(C.pxe_active)) {
        trace_msg("tx", PXE, C.pxe_active, &m, (ssize_t)n);
        if (send_to(C.tx_pxe, &m, n, C.pxe_active, port_agent_pxeboot) <= 0) {
            logm("failed to send monitor ready event to %s:%d on Pxeboot network (%d:%s)", C.pxe_active,
                 port_agent_pxeboot, errno, strerror(errno));
        }
    }
    logm("%s ready event sent%s%s", C.hostname, empty(C.pxe_active) ? "" : " ; pxeboot to ",
         C.pxe_active);
}

/* load_pxebootInfo_msg (mtcNodeComp.cpp). */
static void c_load_pxeboot_info(const char *buf) {
    char info[960], v[64];
    if (json_raw(buf, "pxebootInfo", '{', '}', info, sizeof info) != 0) {
        logm("Failed to parse 'pxebootInfo' from mtcAlive request message: %s", buf);
        return;
    }
    if (json_string(info, "controller", v, sizeof v) == 0 && strcmp(v, C.pxe_active) != 0) {
        if (empty(C.pxe_active)) {
            logm("controller pxeboot address: %s", v);
        } else {
            logm("controller pxeboot address: %s ; was %s", v, C.pxe_active);
        }
        copy_str(C.pxe_active, sizeof C.pxe_active, v);
    }
    for (int c = 0; c < 2; c++) {
        char key[16];
        char *cur = c == 0 ? C.pxe_c0 : C.pxe_c1;
        snprintf(key, sizeof key, "controller-%d", c);
        if (json_string(info, key, v, sizeof v) != 0) {
            logm("Failed to parse %s pxeboot ip from 'pxebootInfo' : %s", key, buf);
            continue;
        }
        if (strcmp(v, cur) == 0) {
            continue;
        }
        if (empty(v)) {
            /* the C++ logs this but then only stores a non-empty address: the old one stays */
            logm("%s pxeboot address now null ; was %s", key, empty(cur) ? "null" : cur);
            continue;
        } else if (empty(cur)) {
            logm("%s pxeboot ip: %s", key, v);
        } else {
            logm("%s pxeboot ip: %s ; change from %s", key, v, cur);
        }
        copy_str(cur, 64, v);
    }
}

static void c_send_ack(int iface, mtc_msg *m, const char *cmdname, const char *src, int log_ack) {
    size_t n = make_ack(m);
    if (iface == PXE) {
        if (C.tx_pxe < 0) {
            logm("pxeboot_tx_socket not ok (%d)", C.tx_pxe);
            return;
        }
        if (log_ack) {
            logm("sending %s ack to %s over %s network", cmdname, src, IFN[iface]);
        }
        trace_msg("tx", PXE, src, m, (ssize_t)n);
        if (send_to(C.tx_pxe, m, n, src, port_agent_pxeboot) <= 0) {
            logm("failed to send %s ack to %s:%d on %s network (%d:%s)", cmdname, src, port_agent_pxeboot,
                 IFN[iface], errno, strerror(errno));
        }
    } else if (iface == MGMT) {
        if (C.tx_mgmt < 0) {
            logm("cannot send to null or failed socket (%s)", IFN[iface]);
            return;
        }
        trace_msg("tx", MGMT, C.floating, m, (ssize_t)n);
        ssize_t rc = send_to(C.tx_mgmt, m, n, C.floating, port_agent);
        if (rc <= 0) {
            logm("%s reply send (mtc_client_mgmt_tx_socket) failed (%s) (rc:%zd)", cmdname, IFN[iface], rc);
        } else if (log_ack) {
            logm("%s reply send (%s)", cmdname, IFN[iface]);
        }
    } else {
        const char *to[2] = {C.c0_cluster, C.c1_cluster};
        for (int c = 0; c < 2; c++) {
            if (C.tx_clstr < 0 || (c == 1 && C.simplex)) {
                continue;
            }
            trace_msg("tx", CLSTR, to[c], m, (ssize_t)n);
            ssize_t rc = send_to(C.tx_clstr, m, n, to[c], port_agent);
            if (rc <= 0) {
                logm("%s reply send (mtc_client_clstr_tx_socket_c%d) failed (%s) (rc:%zd)", cmdname, c, IFN[iface],
                     rc);
            } else if (log_ack) {
                logm("%s reply send (%s)", cmdname, IFN[iface]);
            }
        }
    }
}

/* As the Java client does (--alive-on-change): an extra mtcAlive on every network once the files changed. */
static void c_alive_on_change(void) {
    if (!C.alive_on_change) {
        return;
    }
    c_send_mtcalive(PXE);
    c_send_mtcalive(MGMT);
    if (C.clstr_prov && C.rx[CLSTR] >= 0) {
        c_send_mtcalive(CLSTR);
    }
}

/* mtc_service_command (mtcCompMsg.cpp): validation, dispatch, ack. */
static void c_handle(int iface, rx_buf *rb, ssize_t bytes, const char *src) {
    mtc_msg *m = &rb->m;
    int log_ack = 1;
    const char *cmdname = cmd_name(m->cmd);
    int self = strcmp(src, C.mgmt_ip) == 0 || (C.clstr_prov && strcmp(src, C.cluster_ip) == 0);

    trace_msg("rx", iface, src, m, bytes);
    if (!self && m->ver >= 1) {
        if (strncmp(&m->hdr[HDR_FIELD - 1], C.mac, HDR_FIELD) != 0) {
            logm("%s req command from %s network not for this host (exp:%s det:%.46s) ; ignoring ...", cmdname,
                 IFN[iface], C.mac, &m->hdr[HDR_FIELD - 1]);
            return;
        }
    }
    if (strstr(m->hdr, HDR_REQ)) {
        unsigned int cmd = m->cmd;
        if (cmd == REQ_MTCALIVE) {
            if (iface == PXE) {
                c_load_pxeboot_info(m->buf);
                c_send_mtcalive(PXE);
            } else {
                logm("mtcAlive request received from %s network", IFN[iface]);
            }
            return;
        } else if (cmd == MSG_INFO) {
            return;
        } else if (cmd == CMD_SYNC) {
            logm("mtc '%s' message received from %s network", cmdname, IFN[iface]);
            return;
        } else if (cmd == MSG_LOCKED && !empty(C.journal)) {
            log_ack = 0;
            int persist = m->num && m->parm[0];
            int was_locked = file_present(C.volatile_path);
            int changes = was_locked != 1 || file_present(C.backup_path) != persist;
            durable_set_flags(C.journal, persist ? "LOCKED_PERSIST" : "LOCKED_VOLATILE_ONLY", C.volatile_path, 1,
                              C.backup_path, persist);
            if (!was_locked) {
                logm("%s locked (%s)", C.hostname, IFN[iface]);
            }
            if (changes) {
                c_alive_on_change();
            }
        } else if (cmd == MSG_UNLOCKED && !C.legacy && !empty(C.journal)) {
            logm("%s unlocked received from %s network", C.hostname, IFN[iface]);
            int changes = file_present(C.volatile_path) || file_present(C.backup_path);
            durable_set_flags(C.journal, "UNLOCKED", C.volatile_path, 0, C.backup_path, 0);
            if (changes) {
                c_alive_on_change();
            }
        } else if (cmd == MSG_LOCKED) {
            log_ack = 0;
            if (!file_present(C.volatile_path)) {
                logm("%s locked (%s)", C.hostname, IFN[iface]);
                flag_file_create(C.volatile_path);
            }
            if (m->num && m->parm[0]) {
                if (!file_present(C.backup_path)) {
                    flag_file_create(C.backup_path);
                }
            } else if (file_present(C.backup_path)) {
                flag_file_remove(C.backup_path);
            }
        } else if (cmd == MSG_UNLOCKED && !C.legacy) {
            logm("%s unlocked received from %s network", C.hostname, IFN[iface]);
            if (file_present(C.volatile_path)) {
                flag_file_remove(C.volatile_path);
            }
            if (file_present(C.backup_path)) {
                flag_file_remove(C.backup_path);
                logm("cleared node locked backup flag (%s)", IFN[iface]);
            }
        } else if (cmd == MSG_SUBF_GOENABLED_FAILED) {
            return;
        } else if (cmd == REQ_MAIN_GOENABLED || cmd == REQ_SUBF_GOENABLED) {
            logm("GoEnabled%s request posted (%s)", cmd == REQ_SUBF_GOENABLED ? " Subf" : "", IFN[iface]);
        } else if (cmd == CMD_REBOOT || cmd == CMD_RESET || cmd == CMD_WIPEDISK || cmd == CMD_LOOPBACK) {
            logm("%s command received from %s network (not executed by the peer)", cmdname, IFN[iface]);
        } else if (cmd == CMD_LAZY_REBOOT) {
            logm("%s command received from %s network ; delay:%u seconds (not executed by the peer)", cmdname,
                 IFN[iface], m->num ? m->parm[0] : 0u);
        } else if ((cmd >= CMD_STOP_CONTROL_SVCS && cmd <= CMD_START_STORAGE_SVCS) || cmd == CMD_HOST_SVCS_RESULT) {
            logm("%s request from %s network", cmdname, IFN[iface]);
            m->parm[1] = ENHANCED_HOST_SERVICES;
            m->parm[0] = 0;
            m->num = 2;
        } else {
            logm("Unsupported maintenance command (%u) with %zd bytes received from %s network", cmd, bytes,
                 IFN[iface]);
        }
        c_send_ack(iface, m, cmdname, src, log_ack);
    } else if (strstr(m->hdr, HDR_REP)) {
        return;
    } else if (strstr(m->hdr, HDR_WORKER)) {
        logm("unexpected mtcAlive message from %s from %s network", src, IFN[iface]);
    } else {
        logm("unsupported message from %s from %s network", src, IFN[iface]);
    }
}

static void c_tick(void) {
    c_socket_audit();
    c_send_mtcalive(PXE);
    c_send_mtcalive(MGMT);
    if (C.clstr_prov && C.rx[CLSTR] >= 0) {
        c_send_mtcalive(CLSTR);
    }
    if (++C.ready_counter >= C.ready_ticks) {
        c_send_ready();
        C.ready_counter = 0;
    }
}

static void c_stdin_line(char *line) {
    if (strcmp(line, "quit") == 0) {
        g_stop = 1;
    } else if (strcmp(line, "status") == 0) {
        logm("status volatile=%s backup=%s pxeboot c0=%s c1=%s active=%s seq=%u/%u/%u",
             file_present(C.volatile_path) ? "present" : "absent", file_present(C.backup_path) ? "present" : "absent",
             C.pxe_c0, C.pxe_c1, C.pxe_active, C.seq[MGMT], C.seq[CLSTR], C.seq[PXE]);
    } else if (*line) {
        logm("unknown command '%s'", line);
    }
}

static void drain(int fd, int iface, void (*handle)(int, rx_buf *, ssize_t, const char *)) {
    for (int i = 0; i < 50; i++) {
        rx_buf rb;
        struct sockaddr_in from;
        socklen_t fl = sizeof from;
        memset(&rb, 0, sizeof rb);
        ssize_t n = recvfrom(fd, &rb.m, sizeof rb.m, 0, (struct sockaddr *)&from, &fl);
        if (n < 0) {
            return;
        }
        char src[INET_ADDRSTRLEN];
        inet_ntop(AF_INET, &from.sin_addr, src, sizeof src);
        handle(iface, &rb, n, src);
    }
}

/* The inputs both roles wait on: stdin (the harness's commands, while open) and each bound rx socket. */
typedef struct {
    line_buf lines;
    int stdin_open;
    void (*line)(char *line);
    void (*datagram)(int, rx_buf *, ssize_t, const char *);
} inputs;

/* Waits up to wait_ms for any input and handles what came; an EOF on stdin sets g_stop. -1 when poll failed. */
static int wait_and_dispatch(inputs *in, const int rx[3], long long wait_ms) {
    struct pollfd pf[4];
    int iface_of[4];
    int np = 0;
    if (in->stdin_open) {
        pf[np].fd = STDIN_FILENO;
        pf[np].events = POLLIN;
        iface_of[np++] = -1;
    }
    for (int i = 0; i < 3; i++) {
        if (rx[i] >= 0) {
            pf[np].fd = rx[i];
            pf[np].events = POLLIN;
            iface_of[np++] = i;
        }
    }
    int r = poll(pf, (nfds_t)np, (int)(wait_ms < 0 ? 0 : wait_ms));
    if (r < 0 && errno != EINTR) {
        logm("poll failed (%d:%s)", errno, strerror(errno));
        return -1;
    }
    for (int i = 0; r > 0 && i < np; i++) {
        if (!(pf[i].revents & (POLLIN | POLLHUP | POLLERR))) {
            continue;
        }
        if (iface_of[i] < 0) {
            if (read_lines(&in->lines, in->line) != 0) {
                g_stop = 1; /* EOF on stdin: the harness is gone */
                in->stdin_open = 0;
            }
        } else {
            drain(pf[i].fd, iface_of[i], in->datagram);
        }
    }
    return 0;
}

static int client_main(int argc, char **argv) {
    memset(&C, 0, sizeof C);
    C.period_ms = 5000;
    C.first_ms = -1;
    C.ready_ticks = 12;
    C.base_flags = FLAG_CONFIGURED | FLAG_HEALTHY;
    C.health = 1;
    C.personality = "worker";
    C.hostname = C.mac = C.mgmt_ip = C.cluster_ip = C.pxeboot_ip = C.floating = C.c0_cluster = C.c1_cluster = "";
    C.volatile_path = C.backup_path = C.journal = "";
    const opt_t opts[] = {
        {"hostname", 's', &C.hostname}, {"mac", 's', &C.mac}, {"mgmt-ip", 's', &C.mgmt_ip},
        {"cluster-ip", 's', &C.cluster_ip}, {"pxeboot-ip", 's', &C.pxeboot_ip},
        {"controller-floating", 's', &C.floating}, {"controller0-cluster", 's', &C.c0_cluster},
        {"controller1-cluster", 's', &C.c1_cluster}, {"volatile", 's', &C.volatile_path},
        {"backup", 's', &C.backup_path}, {"personality", 's', &C.personality}, {"period-ms", 'i', &C.period_ms},
        {"journal", 's', &C.journal}, {"alive-on-change", 'f', &C.alive_on_change},
        {"first-ms", 'i', &C.first_ms}, {"ready-ticks", 'i', &C.ready_ticks}, {"base-flags", 'i', &C.base_flags},
        {"health", 'i', &C.health}, {"legacy", 'f', &C.legacy}, {"simplex", 'f', &C.simplex},
        {"verbose", 'f', &verbose}, {"agent-port", 'i', &port_agent},
        {"agent-pxeboot-port", 'i', &port_agent_pxeboot}, {"client-mgmt-port", 'i', &port_client_mgmt},
        {"client-cluster-port", 'i', &port_client_cluster}, {"client-pxeboot-port", 'i', &port_client_pxeboot},
        {NULL, 0, NULL}};
    if (parse_options(argc, argv, opts) != 0) {
        return 2;
    }
    if (empty(C.hostname) || empty(C.mac) || empty(C.mgmt_ip) || empty(C.floating) || empty(C.volatile_path)
        || empty(C.backup_path)) {
        fprintf(stderr, "mtcpeer client: --hostname --mac --mgmt-ip --controller-floating --volatile --backup are "
                        "required\n");
        return 2;
    }
    if (C.period_ms < 10) {
        C.period_ms = 10;
    }
    if (C.first_ms < 0) {
        C.first_ms = C.period_ms < 1000 ? C.period_ms : 1000;
    }
    if (C.ready_ticks < 1) {
        C.ready_ticks = 1;
    }
    legacy_names = C.legacy;
    C.clstr_prov = !empty(C.cluster_ip);
    C.pxe_prov = !empty(C.pxeboot_ip) && !C.simplex; /* no pxeboot on AIO-SX (fb36d3b) */
    C.rx[0] = C.rx[1] = C.rx[2] = -1;
    C.tx_mgmt = C.tx_clstr = C.tx_pxe = -1;
    C.learned_log[0] = C.learned_log[1] = 1;
    install_signals();

    logm("mtcClient peer %s (%s) mgmt:%s cluster:%s pxeboot:%s period:%d ms%s%s", C.hostname, C.mac, C.mgmt_ip,
         C.clstr_prov ? C.cluster_ip : "none", C.pxe_prov ? C.pxeboot_ip : "none", C.period_ms,
         C.legacy ? " legacy (no UNLOCKED)" : "", C.simplex ? " simplex" : "");
    c_socket_init();

    /* daemon_service_run: startup reconciliation, the backup is the source of truth */
    if (file_present(C.volatile_path)) {
        logm("locked node");
    }
    if (file_present(C.backup_path)) {
        if (!file_present(C.volatile_path)) {
            logm("restoring %s from %s backup", C.volatile_path, C.backup_path);
            flag_file_create(C.volatile_path);
        }
    } else if (file_present(C.volatile_path)) {
        logm("removing %s ; no %s backup", C.volatile_path, C.backup_path);
        flag_file_remove(C.volatile_path);
    }
    C.next_tick = now_ms() + C.first_ms;
    c_send_ready();
    C.ready_counter = 0;
    printf("mtcpeer ready\n");
    fflush(stdout);

    inputs in = {.lines = {.len = 0}, .stdin_open = 1, .line = c_stdin_line, .datagram = c_handle};
    while (!g_stop) {
        if (wait_and_dispatch(&in, C.rx, C.next_tick - now_ms()) != 0) {
            break;
        }
        if (!g_stop && now_ms() >= C.next_tick) {
            c_tick();
            C.next_tick = now_ms() + C.period_ms;
        }
    }
    logm("mtcpeer exit");
    return 0;
}

/* ============================================================================================================= */
/* AGENT: the C++ mtcAgent (mtcNodeCtrl.cpp, mtcCtrlMsg.cpp, nodeClass.cpp, mtcNodeHdlrs.cpp), lock-state parts   */
/* ============================================================================================================= */

enum { MA_START, MA_SEND, MA_MONITOR, MA_WAIT, MA_CHECK, MA_FAIL };

typedef struct {
    int used;
    char name[64], mac[32], mgmt[64], clstr[64], pxe[64];
    int locked;        /* adminState */
    int unlock_action; /* adminAction UNLOCK: until the enable FSM's redundant UNLOCKED (on the next mtcAlive) */
    int reported;      /* last mtcAlive flags: -1 unknown, 0 unlocked, 1 locked */
    int seen;          /* mtcAlive since the last online audit */
    int pxe_supported, client_ready;
    int alive_seen[3];
    unsigned int seq[3], seq_save;
    int stage, miss, loss, alarm;
    long long deadline;
    unsigned int cmd_rsp;
    int unlock_ack;
    unsigned int loss_throttle, notseen_throttle;
} host_t;

#define MAX_HOSTS 64

static struct {
    const char *hostname, *floating, *mgmt_ip, *cluster_ip, *pxeboot_ip, *p0, *p1, *self_backup;
    int simplex, audit_ms, monitor_ms, miss_threshold, loss_threshold;
    int clstr_prov, pxe_prov;
    int rx[3], tx[3];
    long long next_audit, next_retry;
    host_t hosts[MAX_HOSTS];
} A;

static host_t *a_by_name(const char *name) {
    for (int i = 0; i < MAX_HOSTS; i++) {
        if (A.hosts[i].used && strcmp(A.hosts[i].name, name) == 0) {
            return &A.hosts[i];
        }
    }
    return NULL;
}

/* get_hostname(hostaddr) + getNode(): own addresses are this controller; else any address of any host. */
static host_t *a_by_addr(const char *addr) {
    if (strcmp(addr, "127.0.0.1") == 0 || strcmp(addr, A.floating) == 0 || strcmp(addr, A.mgmt_ip) == 0
        || (!empty(A.cluster_ip) && strcmp(addr, A.cluster_ip) == 0)
        || (!empty(A.pxeboot_ip) && strcmp(addr, A.pxeboot_ip) == 0)) {
        return a_by_name(A.hostname);
    }
    for (int i = 0; i < MAX_HOSTS; i++) {
        host_t *h = &A.hosts[i];
        if (h->used && (strcmp(h->mgmt, addr) == 0 || (!empty(h->clstr) && strcmp(h->clstr, addr) == 0)
                        || (!empty(h->pxe) && strcmp(h->pxe, addr) == 0))) {
            return h;
        }
    }
    return NULL;
}

static const char *a_pxe_of(const char *name, const char *option) {
    if (!empty(option)) {
        return option;
    }
    host_t *h = a_by_name(name);
    return h ? h->pxe : "";
}

/* send_mtc_cmd (mtcCtrlMsg.cpp). @return 0 when sent. */
static int a_send(host_t *h, unsigned int cmd, int iface) {
    char payload[960];
    unsigned int parm[5] = {0};
    int num = 0;
    payload[0] = '\0';
    if (cmd == MSG_LOCKED) {
        logm("%s sending 'Locked' notification (%s)", h->name, IFN[iface]);
        if (!A.simplex) {
            num = 1;
            parm[0] = 1; /* LOCK_PERSIST */
        }
    } else if (cmd == MSG_UNLOCKED) {
        logm("%s sending 'UnLocked' notification (%s)", h->name, IFN[iface]);
    } else if (cmd == REQ_MTCALIVE && iface == PXE) {
        if (!A.pxe_prov) {
            return -1;
        }
        pxeboot_info_payload(payload, sizeof payload, A.pxeboot_ip, a_pxe_of("controller-0", A.p0),
                             a_pxe_of("controller-1", A.p1));
    }
    if (payload[0] == '\0') {
        const char *address = iface == PXE ? A.pxeboot_ip : iface == CLSTR ? A.cluster_ip : A.floating;
        default_payload(payload, sizeof payload, address, iface);
    }
    mtc_msg m;
    size_t n = build_command(&m, cmd, h->mac, num, parm, payload);
    ssize_t rc;
    if (iface == MGMT) {
        if (!valid_ip(h->mgmt)) {
            logm("%s has invalid management addr '%s'", h->name, h->mgmt);
            return -1;
        }
        trace_msg("tx", MGMT, h->mgmt, &m, (ssize_t)n);
        rc = send_to(A.tx[MGMT], &m, n, h->mgmt, port_client_mgmt);
    } else if (iface == PXE && A.tx[PXE] >= 0) {
        if (!valid_ip(h->pxe)) {
            return -1; /* FAIL_HOSTADDR_LOOKUP, no log */
        }
        trace_msg("tx", PXE, h->pxe, &m, (ssize_t)n);
        rc = send_to(A.tx[PXE], &m, n, h->pxe, port_client_pxeboot);
        if (rc <= 0) {
            logm("%s failed to send %u:%s command to %s:%d (%s) (%d:%s)", h->name, cmd, cmd_name(cmd), h->pxe,
                 port_client_pxeboot, IFN[iface], errno, strerror(errno));
            return -1;
        }
        return 0;
    } else if (iface == CLSTR && A.clstr_prov && A.tx[CLSTR] >= 0) {
        if (!valid_ip(h->clstr)) {
            return -1;
        }
        trace_msg("tx", CLSTR, h->clstr, &m, (ssize_t)n);
        rc = send_to(A.tx[CLSTR], &m, n, h->clstr, port_client_cluster);
    } else {
        if (iface != CLSTR) {
            logm("%s to %s network not sent", cmd_name(cmd), IFN[iface]);
        }
        return -1;
    }
    if (rc < 0) {
        logm("%s Failed to send command (%d:%s)", h->name, errno, strerror(errno));
        return -1;
    }
    return 0;
}

static void a_alarm_raise(host_t *h) {
    if (!h->alarm) {
        h->alarm = 1;
        logm("%s pxeboot network communication failure (alarm 200.003 raised)", h->name);
    }
}

static void a_alarm_clear(host_t *h) {
    if (h->alarm) {
        h->alarm = 0;
        h->loss = 0;
        logm("%s pxeboot network communication recovered (alarm 200.003 cleared)", h->name);
    }
}

/* pxeboot_mtcAlive_monitor (mtcNodeHdlrs.cpp): runs only for supported hosts when pxeboot is provisioned. */
static void a_pxe_monitor(host_t *h, long long now) {
    if (!A.pxe_prov || !h->pxe_supported) {
        return;
    }
    if (h->locked || h->unlock_action) {
        if (h->locked) {
            a_alarm_clear(h);
        }
        h->stage = MA_START;
        return;
    }
    for (int guard = 0; guard < 16; guard++) {
        switch (h->stage) {
        case MA_START:
            h->seq[PXE] = 0;
            h->seq_save = 0;
            h->stage = MA_SEND;
            break;
        case MA_SEND:
            a_send(h, REQ_MTCALIVE, PXE);
            h->stage = MA_MONITOR;
            break;
        case MA_MONITOR:
            h->deadline = now + A.monitor_ms;
            h->stage = MA_WAIT;
            break;
        case MA_WAIT:
            if (now < h->deadline) {
                return;
            }
            h->stage = MA_CHECK;
            break;
        case MA_CHECK:
            if (h->seq[PXE] > h->seq_save) {
                if (h->miss) {
                    if (!h->alarm && h->loss) {
                        h->miss = A.miss_threshold;
                        h->loss = 0;
                    }
                    logm("%s pxeboot mtcAlive miss count %d ; decrement %s; recovery", h->name, h->miss,
                         h->alarm ? "; alarm clear when 0 " : "");
                    h->miss--;
                } else {
                    h->loss = 0;
                    a_alarm_clear(h);
                }
                h->loss_throttle = h->notseen_throttle = 0;
                h->stage = MA_MONITOR;
            } else if (h->seq[PXE] < h->seq_save) {
                h->stage = ++h->miss < A.miss_threshold ? MA_SEND : MA_FAIL;
                logm("%s pxeboot mtcAlive miss count %d ; loss count %d ; out-of-sequence ; this:%u  last:%u",
                     h->name, h->miss, h->loss, h->seq[PXE], h->seq_save);
            } else if (++h->miss < A.miss_threshold) {
                logm("%s pxeboot mtcAlive miss count %d ; loss count %d ; sending request", h->name, h->miss,
                     h->loss);
                h->stage = MA_SEND;
            } else {
                if (h->alive_seen[PXE]) {
                    if (h->loss_throttle++ % 60 == 0) {
                        logm("%s pxeboot mtcAlive lost ; missed: %d ; last: seq: %u ; sending request", h->name,
                             h->miss, h->seq_save);
                    }
                } else if (h->notseen_throttle++ % 60 == 0) {
                    logm("%s pxeboot mtcAlive not seen yet ; sending request", h->name);
                }
                h->stage = MA_FAIL;
            }
            if (h->miss > A.miss_threshold) {
                h->miss = A.miss_threshold;
            }
            h->seq_save = h->seq[PXE];
            break;
        case MA_FAIL:
        default:
            if (!h->alarm) {
                if (++h->loss < A.loss_threshold) {
                    logm("%s pxeboot mtcAlive lost ; %d more loss before alarm assertion", h->name,
                         A.loss_threshold - h->loss);
                    h->miss = 0;
                } else {
                    logm("%s pxeboot mtcAlive alarm assert (%d)", h->name, h->loss);
                    a_alarm_raise(h);
                }
            }
            h->stage = MA_START;
            break;
        }
    }
}

/* set_mtce_flags (nodeClass.cpp): every mtcAlive on every network. */
static void a_set_mtce_flags(host_t *h, unsigned int flags) {
    h->reported = (flags & FLAG_LOCKED) ? 1 : 0;
    if (flags & FLAG_LOCKED) {
        if (!h->locked && !h->unlock_action) {
            a_send(h, MSG_UNLOCKED, MGMT);
            a_send(h, MSG_UNLOCKED, CLSTR);
        }
    } else if (h->locked) {
        if (!A.simplex) {
            logm("%s mtcAlive reporting unlocked while locked ; correcting", h->name);
            a_send(h, MSG_LOCKED, PXE);
        }
        a_send(h, MSG_LOCKED, MGMT);
        a_send(h, MSG_LOCKED, CLSTR);
    }
}

/* set_mtcAlive (nodeClass.cpp), with the mtcAlive gate always open. */
static void a_set_mtcalive(host_t *h, unsigned int seq, unsigned int uptime, int iface) {
    h->seen = 1;
    if (!h->alive_seen[iface]) {
        h->alive_seen[iface] = 1;
        logm("%s mtcAlive received from %s network with uptime:%u ; seq:%u ; state change", h->name, IFN[iface],
             uptime, seq);
    } else if (h->seq[iface] + 1 != seq) {
        if (seq < h->seq[iface] + 1) {
            if (seq > 2) {
                logm("%s mtcAlive received from %s network with uptime:%u ; out-of-sequence ; expect:%u detect:%u ; "
                     "correcting", h->name, IFN[iface], uptime, h->seq[iface] + 1, seq);
            }
        } else if (h->seq[iface] > 0) {
            logm("%s mtcAlive received from %s network with uptime:%u ; missed %u mtcAlive msgs ; expect:%u "
                 "detect:%u ; correcting", h->name, IFN[iface], uptime, seq - (h->seq[iface] + 1), h->seq[iface] + 1,
                 seq);
        }
    }
    h->seq[iface] = seq;
}

static void a_handle_mtcalive(host_t *h, mtc_msg *m, int iface) {
    char v[64];
    if (json_string(m->buf, "personality", v, sizeof v) != 0) {
        logm("%s failed to get personality from mtcAlive message", h->name);
        return;
    }
    if (A.clstr_prov && json_string(m->buf, "cluster_host_ip", v, sizeof v) == 0 && valid_ip(v)
        && strcmp(v, h->clstr) != 0) {
        logm("%s cluster address provision change from %s to %s", h->name, empty(h->clstr) ? "none" : h->clstr, v);
        copy_str(h->clstr, sizeof h->clstr, v);
    }
    a_set_mtce_flags(h, m->parm[2]);
    a_set_mtcalive(h, m->parm[3], m->parm[0], iface);
    if (h->unlock_action) {
        /* the enable FSM's redundant UNLOCKED once the host is mtcAlive (mtcNodeHdlrs.cpp:1184-1188) */
        h->unlock_ack = 0;
        a_send(h, MSG_UNLOCKED, MGMT);
        h->unlock_action = 0;
    }
}

/* set_cmd_resp (nodeClass.cpp) and the ack logs of mtc_service_inbox (mtcCtrlMsg.cpp). */
static void a_handle_ack(host_t *h, mtc_msg *m, int iface) {
    if (h->cmd_rsp != m->cmd) {
        if (m->cmd == MSG_UNLOCKED) {
            h->unlock_ack = 1;
        }
        logm("%s %s ACK (%s)", h->name, cmd_name(m->cmd), IFN[iface]);
        h->cmd_rsp = m->cmd;
    }
    if (m->num > 0) {
        logm("%s %s request ACK (rc:%u) (%s)", h->name, cmd_name(m->cmd), m->parm[0], IFN[iface]);
    } else {
        logm("%s %s request ACK (%s)", h->name, cmd_name(m->cmd), IFN[iface]);
    }
}

/* The mtcClient ready event (mtcCtrlMsg.cpp + declare_service_ready in nodeClass.cpp). */
static void a_handle_event(mtc_msg *m, int iface) {
    char name[64], service[64], features[512];
    if (json_string(m->buf, "hostname", name, sizeof name) != 0 || json_string(m->buf, "service", service,
                                                                                sizeof service) != 0) {
        logm("received invalid event");
        return;
    }
    if (m->cmd != EVENT_MONITOR_READY || strcmp(service, "mtcClient") != 0) {
        logm("%s %s event 0x%x ignored", name, service, m->cmd);
        return;
    }
    host_t *h = a_by_name(name);
    if (!h) {
        logm("%s Unknown Host", name);
        return;
    }
    if (json_raw(m->buf, "features", '[', ']', features, sizeof features) == 0) {
        if (strstr(features, "\"pxeboot_mtcAlive\"")) {
            if (!h->pxe_supported) {
                h->stage = MA_START;
            }
            h->pxe_supported = 1;
        }
    } else {
        logm("%s mtcClient not offering feature list ; node may have upgrade pending", name);
    }
    if (!h->client_ready) {
        logm("%s mtcClient ready %s", name, h->pxe_supported ? "; with pxeboot mtcAlive support" : "");
        h->client_ready = 1;
    }
    (void)iface;
    if (h->pxe_supported) {
        a_send(h, REQ_MTCALIVE, PXE);
    }
}

/* mtc_service_inbox (mtcCtrlMsg.cpp). */
static void a_handle(int iface, rx_buf *rb, ssize_t bytes, const char *src) {
    mtc_msg *m = &rb->m;
    m->buf[sizeof m->buf - 1] = '\0';
    trace_msg("rx", iface, src, m, bytes);
    if (bytes < 7) {
        logm("Message receive error, underrun (only rxed %zd bytes)", bytes);
        return;
    }
    host_t *h = a_by_addr(src);
    if (!h) {
        char name[64];
        if (m->cmd == MSG_MTCALIVE && json_string(m->buf, "hostname", name, sizeof name) == 0) {
            h = a_by_name(name);
            if (!h) {
                logm("%s failed to load functions from mtcAlive message", name);
                return;
            }
            if (strcmp(h->pxe, src) != 0) {
                logm("%s hostname learned from %s mtcAlive ; hostaddr:%s was:%s", name, IFN[iface], src, h->pxe);
                copy_str(h->pxe, sizeof h->pxe, src);
            }
        } else {
            logm("unknown hostname message ... dropping (from %s on %s)", src, IFN[iface]);
            return;
        }
    }
    if (m->hdr[0] == '{') {
        logm("Unexpected json message: %.200s", m->hdr);
    } else if (strstr(m->hdr, HDR_RSP)) {
        a_handle_ack(h, m, iface);
    } else if (strstr(m->hdr, HDR_WORKER)) {
        if (m->cmd == MSG_MTCALIVE) {
            a_handle_mtcalive(h, m, iface);
        } else {
            logm("Unexpected worker message (0x%x) from '%s'", m->cmd, h->name);
        }
    } else if (strstr(m->hdr, HDR_EVENT)) {
        a_handle_event(m, iface);
    } else {
        logm("Received unsupported or badly formed message");
    }
}

/* Online audit (mtcNodeHdlrs.cpp:3546-3555): LOCKED refresh for locked hosts whose mtcAlive came in. */
static void a_audit(void) {
    for (int i = 0; i < MAX_HOSTS; i++) {
        host_t *h = &A.hosts[i];
        if (!h->used) {
            continue;
        }
        if (h->locked && h->seen) {
            logm("%s locked refresh (online audit)", h->name);
            a_send(h, MSG_LOCKED, MGMT);
            if (A.clstr_prov) {
                a_send(h, MSG_LOCKED, CLSTR);
            }
        }
        h->seen = 0;
    }
}

static void a_setup_sockets(int quiet) {
    const char *rx_ip[3] = {A.floating, A.cluster_ip, A.pxeboot_ip};
    const int rx_port[3] = {port_agent, port_agent, port_agent_pxeboot};
    const char *tx_ip[3] = {A.mgmt_ip, A.cluster_ip, NULL};
    for (int i = 0; i < 3; i++) {
        if ((i == CLSTR && !A.clstr_prov) || (i == PXE && !A.pxe_prov)) {
            continue;
        }
        if (A.rx[i] < 0) {
            A.rx[i] = udp_socket(rx_ip[i], rx_port[i]);
            if (A.rx[i] < 0 && !quiet) {
                logm("failed to bind %s rx socket %s:%d (%d:%s) ; retrying", IFN[i], rx_ip[i], rx_port[i], errno,
                     strerror(errno));
            } else if (A.rx[i] >= 0) {
                logm("listening on %s:%d (%s)", rx_ip[i], rx_port[i], IFN[i]);
            }
        }
        if (A.tx[i] < 0) {
            A.tx[i] = udp_socket(tx_ip[i], 0);
            if (A.tx[i] < 0 && !quiet) {
                logm("failed to bind %s tx socket to %s (%d:%s) ; retrying", IFN[i], tx_ip[i] ? tx_ip[i] : "any",
                     errno, strerror(errno));
            }
        }
    }
}

static void a_hosts(void) {
    for (int i = 0; i < MAX_HOSTS; i++) {
        host_t *h = &A.hosts[i];
        if (h->used) {
            logm("host %s admin=%s reported=%s pxeboot=%s alarm=%s unlockAck=%s pxeboot_ip=%s", h->name,
                 h->locked ? "locked" : "unlocked",
                 h->reported < 0 ? "unknown" : h->reported ? "locked" : "unlocked",
                 h->pxe_supported ? "supported" : "unsupported", h->alarm ? "raised" : "clear",
                 h->unlock_ack ? "yes" : "no", empty(h->pxe) ? "-" : h->pxe);
        }
    }
    logm("hosts end");
}

static void a_stdin_line(char *line) {
    char *save = NULL;
    char *verb = strtok_r(line, " \t", &save);
    if (!verb) {
        return;
    }
    char *arg[6] = {0};
    int n = 0;
    while (n < 6 && (arg[n] = strtok_r(NULL, " \t", &save)) != NULL) {
        n++;
    }
    if (strcmp(verb, "quit") == 0) {
        g_stop = 1;
    } else if (strcmp(verb, "hosts") == 0) {
        a_hosts();
    } else if (strcmp(verb, "add") == 0) {
        if (n < 3) {
            logm("usage: add NAME MAC MGMT-IP [CLUSTER-IP|-] [PXEBOOT-IP|-]");
            return;
        }
        if (a_by_name(arg[0])) {
            logm("%s already added", arg[0]);
            return;
        }
        host_t *h = NULL;
        for (int i = 0; i < MAX_HOSTS && !h; i++) {
            if (!A.hosts[i].used) {
                h = &A.hosts[i];
            }
        }
        if (!h) {
            logm("inventory full");
            return;
        }
        memset(h, 0, sizeof *h);
        h->used = 1;
        copy_str(h->name, sizeof h->name, arg[0]);
        copy_str(h->mac, sizeof h->mac, arg[1]);
        copy_str(h->mgmt, sizeof h->mgmt, arg[2]);
        copy_str(h->clstr, sizeof h->clstr, n > 3 && strcmp(arg[3], "-") != 0 ? arg[3] : "");
        copy_str(h->pxe, sizeof h->pxe, n > 4 && strcmp(arg[4], "-") != 0 ? arg[4] : "");
        h->locked = 1; /* a freshly installed host is administratively locked */
        h->reported = -1;
        logm("%s added (locked) mac:%s mgmt:%s cluster:%s pxeboot:%s", h->name, h->mac, h->mgmt,
             empty(h->clstr) ? "-" : h->clstr, empty(h->pxe) ? "-" : h->pxe);
        if (strcmp(h->name, A.hostname) != 0) {
            /* add handler: ask for mtcAlive (mtcNodeHdlrs.cpp:7048-7049) */
            a_send(h, REQ_MTCALIVE, MGMT);
            a_send(h, REQ_MTCALIVE, PXE);
        }
    } else if (strcmp(verb, "lock") == 0 || strcmp(verb, "unlock") == 0) {
        host_t *h = n > 0 ? a_by_name(arg[0]) : NULL;
        if (!h) {
            logm("%s: no such host '%s'", verb, n > 0 ? arg[0] : "");
            return;
        }
        if (verb[0] == 'l') {
            h->locked = 1;
            h->unlock_action = 0;
            logm("%s lock", h->name);
            a_send(h, MSG_LOCKED, MGMT);
            if (A.clstr_prov) {
                a_send(h, MSG_LOCKED, CLSTR);
            }
            a_alarm_clear(h);
            h->stage = MA_START;
        } else {
            int self = strcmp(h->name, A.hostname) == 0;
            logm("%s unlock", h->name);
            if (self && !empty(A.self_backup)) {
                /* self unlock: the agent removes its own backup before the lazy reboot (mtcNodeHdlrs.cpp:474) */
                flag_file_remove(A.self_backup);
            }
            h->locked = 0;
            h->unlock_ack = 0;
            a_send(h, MSG_UNLOCKED, MGMT);
            if (self) {
                logm("%s lazy reboot", h->name);
            } else {
                h->unlock_action = 1;
            }
        }
    } else if (strcmp(verb, "send") == 0) {
        /* send NAME locked|unlocked|req-mtcalive|NUMBER mgmt|clstr|pxeboot: one command, for scenario tests */
        host_t *h = n > 2 ? a_by_name(arg[0]) : NULL;
        int iface = n > 2 ? iface_from_name(arg[2]) : -1;
        if (!h || iface < 0) {
            logm("usage: send NAME locked|unlocked|req-mtcalive|CMD Mgmnt|Clstr|Pxeboot");
            return;
        }
        unsigned int cmd = strcmp(arg[1], "locked") == 0     ? MSG_LOCKED
                           : strcmp(arg[1], "unlocked") == 0 ? MSG_UNLOCKED
                           : strcmp(arg[1], "req-mtcalive") == 0 ? REQ_MTCALIVE
                                                                 : (unsigned int)strtoul(arg[1], NULL, 0);
        logm("%s send %s (%s): %s", h->name, cmd_name(cmd), IFN[iface], a_send(h, cmd, iface) == 0 ? "sent"
                                                                                                   : "not sent");
    } else {
        logm("unknown command '%s'", verb);
    }
}

static int agent_main(int argc, char **argv) {
    memset(&A, 0, sizeof A);
    A.audit_ms = 7000;
    A.monitor_ms = 10000;
    A.miss_threshold = 6;
    A.loss_threshold = 2;
    A.hostname = A.floating = A.mgmt_ip = A.cluster_ip = A.pxeboot_ip = A.p0 = A.p1 = A.self_backup = "";
    const opt_t opts[] = {
        {"hostname", 's', &A.hostname}, {"floating", 's', &A.floating}, {"mgmt-ip", 's', &A.mgmt_ip},
        {"cluster-ip", 's', &A.cluster_ip}, {"pxeboot-ip", 's', &A.pxeboot_ip},
        {"controller0-pxeboot", 's', &A.p0}, {"controller1-pxeboot", 's', &A.p1},
        {"self-backup", 's', &A.self_backup}, {"simplex", 'f', &A.simplex}, {"audit-ms", 'i', &A.audit_ms},
        {"pxeboot-monitor-ms", 'i', &A.monitor_ms}, {"pxeboot-miss", 'i', &A.miss_threshold},
        {"pxeboot-loss", 'i', &A.loss_threshold}, {"verbose", 'f', &verbose}, {"agent-port", 'i', &port_agent},
        {"agent-pxeboot-port", 'i', &port_agent_pxeboot}, {"client-mgmt-port", 'i', &port_client_mgmt},
        {"client-cluster-port", 'i', &port_client_cluster}, {"client-pxeboot-port", 'i', &port_client_pxeboot},
        {NULL, 0, NULL}};
    if (parse_options(argc, argv, opts) != 0) {
        return 2;
    }
    if (empty(A.hostname) || empty(A.floating) || empty(A.mgmt_ip)) {
        fprintf(stderr, "mtcpeer agent: --hostname --floating --mgmt-ip are required\n");
        return 2;
    }
    if (A.audit_ms < 10) {
        A.audit_ms = 10;
    }
    if (A.monitor_ms < 10) {
        A.monitor_ms = 10;
    }
    A.clstr_prov = !empty(A.cluster_ip);
    A.pxe_prov = !empty(A.pxeboot_ip);
    for (int i = 0; i < 3; i++) {
        A.rx[i] = A.tx[i] = -1;
    }
    install_signals();
    logm("mtcAgent peer %s floating:%s mgmt:%s cluster:%s pxeboot:%s audit:%d ms monitor:%d ms miss:%d loss:%d%s",
         A.hostname, A.floating, A.mgmt_ip, A.clstr_prov ? A.cluster_ip : "none",
         A.pxe_prov ? A.pxeboot_ip : "none", A.audit_ms, A.monitor_ms, A.miss_threshold, A.loss_threshold,
         A.simplex ? " simplex" : "");
    a_setup_sockets(0);
    long long now = now_ms();
    A.next_audit = now + A.audit_ms;
    A.next_retry = now + 1000;
    printf("mtcpeer ready\n");
    fflush(stdout);

    inputs in = {.lines = {.len = 0}, .stdin_open = 1, .line = a_stdin_line, .datagram = a_handle};
    while (!g_stop) {
        now = now_ms();
        long long wake = A.next_audit < A.next_retry ? A.next_audit : A.next_retry;
        for (int i = 0; i < MAX_HOSTS; i++) {
            if (A.hosts[i].used && A.hosts[i].stage == MA_WAIT && A.hosts[i].deadline < wake) {
                wake = A.hosts[i].deadline;
            }
        }
        long long wait = wake - now;
        if (wait > 100) {
            wait = 100;
        }
        if (wait_and_dispatch(&in, A.rx, wait) != 0) {
            break;
        }
        now = now_ms();
        if (now >= A.next_audit) {
            a_audit();
            A.next_audit = now + A.audit_ms;
        }
        if (now >= A.next_retry) {
            a_setup_sockets(1);
            A.next_retry = now + 1000;
        }
        for (int i = 0; i < MAX_HOSTS; i++) {
            if (A.hosts[i].used) {
                a_pxe_monitor(&A.hosts[i], now);
            }
        }
    }
    logm("mtcpeer exit");
    return 0;
}

/* ============================================================================================================= */
/* ENCODE: one message built by the code above, as hex, for the layout test                                      */
/* ============================================================================================================= */

static int usage(void) {
    fprintf(stderr,
            "usage: mtcpeer client OPTIONS | mtcpeer agent OPTIONS | mtcpeer encode KIND ARGS\n"
            "  encode locked MAC ADDRESS IFACE persist|nopersist\n"
            "  encode unlocked MAC ADDRESS IFACE\n"
            "  encode ack-locked MAC ADDRESS IFACE persist|nopersist\n"
            "  encode ack-unlocked MAC ADDRESS IFACE\n"
            "  encode req-mtcalive MAC ACTIVE CONTROLLER0 CONTROLLER1\n"
            "  encode mtcalive HOST PERSONALITY PXEBOOT-IP MGMT-IP CLUSTER-IP MAC IFACE UPTIME HEALTH FLAGS SEQ\n"
            "  encode ready HOST ACTIVE-PXEBOOT-IP\n"
            "  (IFACE is Mgmnt, Clstr or Pxeboot; an empty argument is written as '')\n");
    return 2;
}

static int encode_main(int argc, char **argv) {
    if (argc < 1) {
        return usage();
    }
    const char *kind = argv[0];
    mtc_msg m;
    size_t n;
    char payload[960];
    if ((strcmp(kind, "locked") == 0 || strcmp(kind, "ack-locked") == 0) && argc == 5) {
        int iface = iface_from_name(argv[3]);
        if (iface < 0) {
            return usage();
        }
        unsigned int parm[5] = {1, 0, 0, 0, 0};
        int persist = strcmp(argv[4], "persist") == 0;
        default_payload(payload, sizeof payload, argv[2], iface);
        n = build_command(&m, MSG_LOCKED, argv[1], persist ? 1 : 0, parm, payload);
        if (kind[0] == 'a') {
            n = make_ack(&m);
        }
    } else if ((strcmp(kind, "unlocked") == 0 || strcmp(kind, "ack-unlocked") == 0) && argc == 4) {
        int iface = iface_from_name(argv[3]);
        if (iface < 0) {
            return usage();
        }
        default_payload(payload, sizeof payload, argv[2], iface);
        n = build_command(&m, MSG_UNLOCKED, argv[1], 0, NULL, payload);
        if (kind[0] == 'a') {
            n = make_ack(&m);
        }
    } else if (strcmp(kind, "req-mtcalive") == 0 && argc == 5) {
        pxeboot_info_payload(payload, sizeof payload, argv[2], argv[3], argv[4]);
        n = build_command(&m, REQ_MTCALIVE, argv[1], 0, NULL, payload);
    } else if (strcmp(kind, "mtcalive") == 0 && argc == 12) {
        identity_t id = {argv[1], argv[2], argv[3], argv[4], argv[5], argv[6]};
        int iface = iface_from_name(argv[7]);
        if (iface < 0) {
            return usage();
        }
        n = build_mtcalive(&m, &id, iface, (unsigned int)strtoul(argv[8], NULL, 0),
                           (unsigned int)strtoul(argv[9], NULL, 0), (unsigned int)strtoul(argv[10], NULL, 0),
                           (unsigned int)strtoul(argv[11], NULL, 0));
    } else if (strcmp(kind, "ready") == 0 && argc == 3) {
        n = build_ready(&m, argv[1], argv[2]);
    } else {
        return usage();
    }
    hex_print(&m, n);
    return 0;
}

int main(int argc, char **argv) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc < 2) {
        return usage();
    }
    if (strcmp(argv[1], "client") == 0) {
        return client_main(argc - 2, argv + 2);
    }
    if (strcmp(argv[1], "agent") == 0) {
        return agent_main(argc - 2, argv + 2);
    }
    if (strcmp(argv[1], "encode") == 0) {
        return encode_main(argc - 2, argv + 2);
    }
    return usage();
}
