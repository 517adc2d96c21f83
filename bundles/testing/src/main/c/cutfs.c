/*
 * cutfs: a power-cut simulator for tests, a FUSE file system (libfuse3) in the manner of Jepsen's LazyFS.
 *
 * Everything lives in memory, twice: what the running system sees ("current") and what is on "disk" ("durable").
 * A cut throws the current state away and keeps the durable one, the way a power loss loses the page cache.
 *
 *   cutfs MOUNTPOINT CONTROL_SOCKET [extra fuse options...]      (runs in the foreground)
 *
 * What reaches disk, and when (the ext4-like rules chosen here; stricter than ext4 where ext4 merely tends to
 * keep something, as POSIX promises nothing more):
 *   - File data, size, mode and mtime become durable only on fsync/fdatasync of that file (both are treated
 *     alike: the size is part of what fdatasync must keep). No delayed-allocation heuristics: ext4's
 *     auto_da_alloc (data flushed on rename over an existing file) is not modelled, so a renamed file whose data
 *     was never fsynced comes back empty if its entry survives.
 *   - A directory entry change (create/mknod, mkdir, symlink, rename, unlink, rmdir) becomes durable only on
 *     fsync of the directory that holds the entry (FUSE fsyncdir; an fsync that arrives on a directory through
 *     FUSE_FSYNC is treated the same). A rename between two directories needs both fsynced for both halves.
 *     fsync of a file does not make its own entry durable (ext4's journal commit often would; POSIX does not
 *     promise it, LazyFS does not either).
 *   - fsync of a directory also makes the directory's own mode and mtime durable; it does not make the entries
 *     of its subdirectories durable.
 *   - A new inode is born durable with its creation metadata (mode, owner) and no data: if its entry survives a
 *     cut but the file was never fsynced, it comes back as an empty file. A symlink's target is part of its
 *     creation. A new directory is born with no durable entries.
 *   - A rename over an existing file replaces the entry only in the current state: until the directory is
 *     fsynced, a cut brings the old file (with its durable data) back under that name, and the renamed one back
 *     under its old name (if that entry was durable).
 *   - Hard links are not supported (link returns ENOTSUP); neither are special files, xattrs or locks.
 * A cut: every inode's data/size/mode/mtime revert to the durable ones, every directory's entries revert to the
 * durable entries, and inodes no longer reachable from the root are dropped. File handles opened before the cut
 * are stale: they return EIO, as the process that held them would have died.
 *
 * Mutating operations (counted, and the unit of "arm N"): create/mknod, mkdir, symlink, unlink, rmdir, rename,
 * write, truncate (setattr size, or open with O_TRUNC), chmod, chown, utimens, fsync/fdatasync and fsyncdir. Only
 * operations that succeed count; reads, lookups, open/opendir, flush and release do not.
 *
 * Control channel: a Unix stream socket at CONTROL_SOCKET, one command per line, each answered by zero or more
 * data lines and then a line "OK[ value]" or "ERR reason":
 *   cut       power fails now: the cut, then every operation on the mount returns EIO until reboot
 *   arm N     power fails right after the N-th mutating operation from now completes (that operation returns its
 *             own result, including the getattr libfuse makes of a file it just created; the cut happens before
 *             the next operation or control command, which then sees EIO until reboot). arm 0 disarms.
 *   reboot    power is back: operations work again (on the durable state), old file handles stay stale
 *   format    an empty file system again (current and durable), powered on, disarmed; old handles stale
 *   count     mutating operations so far (since the mount)
 *   state     "OK count=C armed=N frozen=0|1 boot=B"
 *   log N     the last N (at most 4096) mutating operations, one per line "seq op path[ detail]"
 * Every operation takes one global lock, so the control channel sees each one whole.
 */
#define FUSE_USE_VERSION 31
#define _GNU_SOURCE

#include <errno.h>
#include <fcntl.h>
#include <fuse.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

struct node;

struct entry {
    char *name;
    struct node *node;
    struct entry *next;
};

struct node {
    ino_t ino;
    mode_t mode, dmode; /* type and permissions; current and durable */
    uid_t uid;
    gid_t gid;
    struct timespec mtime, dmtime, ctime;
    char *data, *ddata;
    size_t size, cap, dsize;
    char *target;                    /* symlinks: fixed at creation */
    struct entry *entries, *dentries; /* directories: current and durable */
    int opens;
    int dead;    /* dropped by a cut (kept while open) */
    int mark;
    struct node *next_all, *prev_all;
};

struct handle {
    struct node *node;
    unsigned boot;
    char *path; /* as opened: names the file in the log when FUSE passes no path */
};

#define LOG_SIZE 4096
#define LOG_LINE 320

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct node *root;
static struct node *all;
static ino_t next_ino = 1;
static unsigned long long count;
static unsigned long long armed; /* operations left before the cut; 0 = not armed */
static int frozen;
static unsigned boot = 1;
static char oplog[LOG_SIZE][LOG_LINE];
static const char *control_path;
/* The armed cut is due: it happens before the next operation, bar the getattr libfuse makes of what it just
 * created (so that the N-th operation returns its own result), or at the next control command. */
static int pending;
static char pending_path[4096];

static struct timespec now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return ts;
}

static struct node *new_node(mode_t mode) {
    struct node *n = calloc(1, sizeof *n);
    if (n == NULL) {
        return NULL;
    }
    n->ino = next_ino++;
    n->mode = n->dmode = mode;
    n->uid = fuse_get_context() ? fuse_get_context()->uid : 0;
    n->gid = fuse_get_context() ? fuse_get_context()->gid : 0;
    n->mtime = n->dmtime = n->ctime = now();
    n->next_all = all;
    if (all != NULL) {
        all->prev_all = n;
    }
    all = n;
    return n;
}

static void free_entries(struct entry *e) {
    while (e != NULL) {
        struct entry *next = e->next;
        free(e->name);
        free(e);
        e = next;
    }
}

static void free_node(struct node *n) {
    if (n->prev_all != NULL) {
        n->prev_all->next_all = n->next_all;
    } else {
        all = n->next_all;
    }
    if (n->next_all != NULL) {
        n->next_all->prev_all = n->prev_all;
    }
    free_entries(n->entries);
    free_entries(n->dentries);
    free(n->data);
    free(n->ddata);
    free(n->target);
    free(n);
}

static int referenced(struct node *n, struct entry *list) {
    for (struct entry *e = list; e != NULL; e = e->next) {
        if (e->node == n) {
            return 1;
        }
    }
    return 0;
}

/* Frees an inode nobody can reach any more: no current or durable entry, no open handle. O(inodes), fine here. */
static void release_if_unreferenced(struct node *n) {
    if (n == root || n->opens > 0) {
        return;
    }
    if (!n->dead) {
        for (struct node *d = all; d != NULL; d = d->next_all) {
            if (S_ISDIR(d->mode) && !d->dead && (referenced(n, d->entries) || referenced(n, d->dentries))) {
                return;
            }
        }
    }
    free_node(n);
}

static struct entry *find(struct entry *list, const char *name) {
    for (struct entry *e = list; e != NULL; e = e->next) {
        if (strcmp(e->name, name) == 0) {
            return e;
        }
    }
    return NULL;
}

static int add_entry(struct entry **list, const char *name, struct node *n) {
    struct entry *e = calloc(1, sizeof *e);
    if (e == NULL || (e->name = strdup(name)) == NULL) {
        free(e);
        return -ENOMEM;
    }
    e->node = n;
    e->next = *list;
    *list = e;
    return 0;
}

static void remove_entry(struct entry **list, const char *name) {
    for (struct entry **p = list; *p != NULL; p = &(*p)->next) {
        if (strcmp((*p)->name, name) == 0) {
            struct entry *e = *p;
            *p = e->next;
            free(e->name);
            free(e);
            return;
        }
    }
}

static struct entry *copy_entries(struct entry *list) {
    struct entry *out = NULL;
    for (struct entry *e = list; e != NULL; e = e->next) {
        if (add_entry(&out, e->name, e->node) != 0) {
            abort(); /* a test tool out of memory: no way to keep the model right */
        }
    }
    return out;
}

static struct node *lookup(const char *path) {
    struct node *n = root;
    char buf[4096];
    if (path == NULL || strlen(path) >= sizeof buf) {
        return NULL;
    }
    strcpy(buf, path);
    char *save = NULL;
    for (char *part = strtok_r(buf, "/", &save); part != NULL; part = strtok_r(NULL, "/", &save)) {
        if (!S_ISDIR(n->mode)) {
            return NULL;
        }
        struct entry *e = find(n->entries, part);
        if (e == NULL) {
            return NULL;
        }
        n = e->node;
    }
    return n;
}

/* Splits path into its parent directory (looked up) and last name (pointing into path). */
static int parent_of(const char *path, struct node **parent, const char **name) {
    const char *slash = strrchr(path, '/');
    if (slash == NULL || slash[1] == '\0') {
        return -EINVAL;
    }
    char dir[4096];
    size_t len = (size_t)(slash - path);
    if (len >= sizeof dir) {
        return -ENAMETOOLONG;
    }
    memcpy(dir, path, len);
    dir[len] = '\0';
    struct node *p = lookup(len == 0 ? "/" : dir);
    if (p == NULL) {
        return -ENOENT;
    }
    if (!S_ISDIR(p->mode)) {
        return -ENOTDIR;
    }
    *parent = p;
    *name = slash + 1;
    return strlen(*name) > 255 ? -ENAMETOOLONG : 0;
}

/* The node of an operation: its handle's when it has one (stale after a cut), else the path's. */
static int resolve(const char *path, struct fuse_file_info *fi, struct node **out) {
    if (fi != NULL && fi->fh != 0) {
        struct handle *h = (struct handle *)(uintptr_t)fi->fh;
        if (h->boot != boot || h->node->dead) {
            return -EIO;
        }
        *out = h->node;
        return 0;
    }
    *out = lookup(path);
    return *out == NULL ? -ENOENT : 0;
}

static void cut(void) {
    /* Data and metadata back to the durable copies; entries back to the durable entries. */
    for (struct node *n = all; n != NULL; n = n->next_all) {
        if (n->dead) {
            continue;
        }
        free(n->data);
        n->data = NULL;
        n->cap = 0;
        if (n->dsize > 0) {
            n->data = malloc(n->dsize);
            if (n->data == NULL) {
                abort();
            }
            memcpy(n->data, n->ddata, n->dsize);
            n->cap = n->dsize;
        }
        n->size = n->dsize;
        n->mode = n->dmode;
        n->mtime = n->dmtime;
        if (S_ISDIR(n->mode)) {
            free_entries(n->entries);
            n->entries = copy_entries(n->dentries);
        }
        n->mark = 0;
    }
    /* Mark what the root reaches (iteratively: repeat until nothing new). */
    root->mark = 1;
    for (int changed = 1; changed;) {
        changed = 0;
        for (struct node *n = all; n != NULL; n = n->next_all) {
            if (n->mark && !n->dead && S_ISDIR(n->mode)) {
                for (struct entry *e = n->entries; e != NULL; e = e->next) {
                    if (!e->node->mark) {
                        e->node->mark = 1;
                        changed = 1;
                    }
                }
            }
        }
    }
    /* Drop the rest. */
    for (struct node *n = all; n != NULL;) {
        struct node *next = n->next_all;
        if (!n->mark) {
            n->dead = 1;
            free_entries(n->entries);
            free_entries(n->dentries);
            n->entries = n->dentries = NULL;
            if (n->opens == 0) {
                free_node(n);
            }
        }
        n = next;
    }
}

static const char *name_of(const char *path, struct fuse_file_info *fi) {
    if (path != NULL) {
        return path;
    }
    struct handle *h = fi != NULL ? (struct handle *)(uintptr_t)fi->fh : NULL;
    return h != NULL && h->path != NULL ? h->path : "(unlinked)";
}

/* Records a mutating operation that succeeded; fires the armed cut after it. */
static void mutated(const char *op, const char *path, const char *fmt, ...) {
    count++;
    char detail[200] = "";
    if (fmt != NULL) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(detail, sizeof detail, fmt, ap);
        va_end(ap);
    }
    snprintf(oplog[count % LOG_SIZE], LOG_LINE, "%llu %s %s%s%s", count, op, path,
             detail[0] ? " " : "", detail);
    if (armed > 0 && --armed == 0) {
        pending = 1;
        snprintf(pending_path, sizeof pending_path, "%s", strcmp(op, "create") == 0 || strcmp(op, "mkdir") == 0
                 || strcmp(op, "mknod") == 0 || strcmp(op, "symlink") == 0 ? path : "");
    }
}

static void fire_pending(void) {
    if (pending) {
        pending = 0;
        cut();
        frozen = 1;
    }
}

/* Called under the lock at the start of every operation: 0, or -EIO while the power is off. */
static int power(const char *getattr_path) {
    if (pending && !(getattr_path != NULL && pending_path[0] != '\0' && strcmp(getattr_path, pending_path) == 0)) {
        fire_pending();
    }
    return frozen ? -EIO : 0;
}

#define ENTER_GETATTR(path)            \
    pthread_mutex_lock(&lock);         \
    if (power(path) != 0) {            \
        pthread_mutex_unlock(&lock);   \
        return -EIO;                   \
    }
#define ENTER() ENTER_GETATTR(NULL)
#define RETURN(value)                  \
    do {                               \
        int r_ = (value);              \
        pthread_mutex_unlock(&lock);   \
        return r_;                     \
    } while (0)

static void fill_stat(struct node *n, struct stat *st) {
    memset(st, 0, sizeof *st);
    st->st_ino = n->ino;
    st->st_mode = n->mode;
    st->st_uid = n->uid;
    st->st_gid = n->gid;
    st->st_mtim = n->mtime;
    st->st_atim = n->mtime;
    st->st_ctim = n->ctime;
    st->st_blksize = 4096;
    if (S_ISDIR(n->mode)) {
        st->st_nlink = 2;
        for (struct entry *e = n->entries; e != NULL; e = e->next) {
            if (S_ISDIR(e->node->mode)) {
                st->st_nlink++;
            }
        }
        st->st_size = 4096;
    } else {
        st->st_nlink = n->dead ? 0 : 1;
        st->st_size = S_ISLNK(n->mode) ? (off_t)strlen(n->target) : (off_t)n->size;
    }
    st->st_blocks = (st->st_size + 511) / 512;
}

static int cutfs_getattr(const char *path, struct stat *st, struct fuse_file_info *fi) {
    ENTER_GETATTR(path);
    struct node *n;
    int r = resolve(path, fi, &n);
    if (r == 0) {
        fill_stat(n, st);
    }
    RETURN(r);
}

static int cutfs_readlink(const char *path, char *buf, size_t size) {
    ENTER();
    struct node *n = lookup(path);
    if (n == NULL) {
        RETURN(-ENOENT);
    }
    if (!S_ISLNK(n->mode)) {
        RETURN(-EINVAL);
    }
    snprintf(buf, size, "%s", n->target);
    RETURN(0);
}

/* Creates an inode under a new name in the current state. */
static int make(const char *path, mode_t mode, const char *target, struct node **out) {
    struct node *parent;
    const char *name;
    int r = parent_of(path, &parent, &name);
    if (r != 0) {
        return r;
    }
    if (find(parent->entries, name) != NULL) {
        return -EEXIST;
    }
    struct node *n = new_node(mode);
    if (n == NULL) {
        return -ENOMEM;
    }
    if (target != NULL && (n->target = strdup(target)) == NULL) {
        free_node(n);
        return -ENOMEM;
    }
    if ((r = add_entry(&parent->entries, name, n)) != 0) {
        free_node(n);
        return r;
    }
    parent->mtime = n->ctime;
    *out = n;
    return 0;
}

static int cutfs_mknod(const char *path, mode_t mode, dev_t dev) {
    (void)dev;
    ENTER();
    if (!S_ISREG(mode)) {
        RETURN(-EPERM);
    }
    struct node *n;
    int r = make(path, mode, NULL, &n);
    if (r == 0) {
        mutated("mknod", path, NULL);
    }
    RETURN(r);
}

static int cutfs_mkdir(const char *path, mode_t mode) {
    ENTER();
    struct node *n;
    int r = make(path, S_IFDIR | (mode & 07777), NULL, &n);
    if (r == 0) {
        mutated("mkdir", path, NULL);
    }
    RETURN(r);
}

static int cutfs_symlink(const char *target, const char *path) {
    ENTER();
    struct node *n;
    int r = make(path, S_IFLNK | 0777, target, &n);
    if (r == 0) {
        mutated("symlink", path, "-> %s", target);
    }
    RETURN(r);
}

static int remove_name(const char *path, int dir) {
    struct node *parent;
    const char *name;
    int r = parent_of(path, &parent, &name);
    if (r != 0) {
        return r;
    }
    struct entry *e = find(parent->entries, name);
    if (e == NULL) {
        return -ENOENT;
    }
    struct node *n = e->node;
    if (dir && !S_ISDIR(n->mode)) {
        return -ENOTDIR;
    }
    if (!dir && S_ISDIR(n->mode)) {
        return -EISDIR;
    }
    if (dir && n->entries != NULL) {
        return -ENOTEMPTY;
    }
    remove_entry(&parent->entries, name);
    parent->mtime = now();
    release_if_unreferenced(n);
    return 0;
}

static int cutfs_unlink(const char *path) {
    ENTER();
    int r = remove_name(path, 0);
    if (r == 0) {
        mutated("unlink", path, NULL);
    }
    RETURN(r);
}

static int cutfs_rmdir(const char *path) {
    ENTER();
    int r = remove_name(path, 1);
    if (r == 0) {
        mutated("rmdir", path, NULL);
    }
    RETURN(r);
}

static int inside(struct node *dir, struct node *maybe_descendant) {
    if (dir == maybe_descendant) {
        return 1;
    }
    for (struct entry *e = dir->entries; e != NULL; e = e->next) {
        if (S_ISDIR(e->node->mode) && inside(e->node, maybe_descendant)) {
            return 1;
        }
    }
    return 0;
}

static int do_rename(const char *from, const char *to, unsigned int flags) {
    if (flags & ~(unsigned int)RENAME_NOREPLACE) {
        return -EINVAL;
    }
    struct node *fparent, *tparent;
    const char *fname, *tname;
    int r = parent_of(from, &fparent, &fname);
    if (r != 0 || (r = parent_of(to, &tparent, &tname)) != 0) {
        return r;
    }
    struct entry *fe = find(fparent->entries, fname);
    if (fe == NULL) {
        return -ENOENT;
    }
    struct node *n = fe->node;
    struct entry *te = find(tparent->entries, tname);
    if (te != NULL && te->node == n) {
        return 0;
    }
    if (S_ISDIR(n->mode) && inside(n, tparent)) {
        return -EINVAL;
    }
    struct node *replaced = NULL;
    if (te != NULL) {
        if (flags & RENAME_NOREPLACE) {
            return -EEXIST;
        }
        replaced = te->node;
        if (S_ISDIR(replaced->mode) && !S_ISDIR(n->mode)) {
            return -EISDIR;
        }
        if (!S_ISDIR(replaced->mode) && S_ISDIR(n->mode)) {
            return -ENOTDIR;
        }
        if (S_ISDIR(replaced->mode) && replaced->entries != NULL) {
            return -ENOTEMPTY;
        }
        te->node = n;
    } else if ((r = add_entry(&tparent->entries, tname, n)) != 0) {
        return r;
    }
    remove_entry(&fparent->entries, fname);
    fparent->mtime = tparent->mtime = now();
    if (replaced != NULL) {
        release_if_unreferenced(replaced);
    }
    return 0;
}

static int cutfs_rename(const char *from, const char *to, unsigned int flags) {
    ENTER();
    int r = do_rename(from, to, flags);
    if (r == 0) {
        mutated("rename", from, "-> %s%s", to, flags ? " (noreplace)" : "");
    }
    RETURN(r);
}

static int cutfs_link(const char *from, const char *to) {
    (void)from;
    (void)to;
    return -ENOTSUP;
}

static int cutfs_chmod(const char *path, mode_t mode, struct fuse_file_info *fi) {
    ENTER();
    struct node *n;
    int r = resolve(path, fi, &n);
    if (r == 0) {
        n->mode = (n->mode & S_IFMT) | (mode & 07777);
        n->ctime = now();
        mutated("chmod", name_of(path, fi), "%o", mode & 07777);
    }
    RETURN(r);
}

static int cutfs_chown(const char *path, uid_t uid, gid_t gid, struct fuse_file_info *fi) {
    ENTER();
    struct node *n;
    int r = resolve(path, fi, &n);
    if (r == 0) {
        if (uid != (uid_t)-1) {
            n->uid = uid;
        }
        if (gid != (gid_t)-1) {
            n->gid = gid;
        }
        mutated("chown", name_of(path, fi), "%d:%d", (int)uid, (int)gid);
    }
    RETURN(r);
}

static int set_size(struct node *n, size_t size) {
    if (size > n->cap) {
        size_t cap = n->cap ? n->cap : 64;
        while (cap < size) {
            cap *= 2;
        }
        char *data = realloc(n->data, cap);
        if (data == NULL) {
            return -ENOSPC;
        }
        n->data = data;
        n->cap = cap;
    }
    if (size > n->size) {
        memset(n->data + n->size, 0, size - n->size);
    }
    n->size = size;
    n->mtime = n->ctime = now();
    return 0;
}

static int cutfs_truncate(const char *path, off_t size, struct fuse_file_info *fi) {
    ENTER();
    struct node *n;
    int r = resolve(path, fi, &n);
    if (r == 0 && S_ISDIR(n->mode)) {
        r = -EISDIR;
    }
    if (r == 0 && size < 0) {
        r = -EINVAL;
    }
    if (r == 0 && (r = set_size(n, (size_t)size)) == 0) {
        mutated("truncate", name_of(path, fi), "%lld", (long long)size);
    }
    RETURN(r);
}

static int cutfs_utimens(const char *path, const struct timespec tv[2], struct fuse_file_info *fi) {
    ENTER();
    struct node *n;
    int r = resolve(path, fi, &n);
    if (r == 0) {
        if (tv[1].tv_nsec == UTIME_NOW) {
            n->mtime = now();
        } else if (tv[1].tv_nsec != UTIME_OMIT) {
            n->mtime = tv[1];
        }
        mutated("utimens", name_of(path, fi), NULL);
    }
    RETURN(r);
}

static int open_handle(const char *path, struct node *n, struct fuse_file_info *fi) {
    struct handle *h = malloc(sizeof *h);
    if (h == NULL) {
        return -ENOMEM;
    }
    h->node = n;
    h->boot = boot;
    h->path = path != NULL ? strdup(path) : NULL;
    n->opens++;
    fi->fh = (uint64_t)(uintptr_t)h;
    fi->direct_io = 1; /* no kernel page cache: every write reaches this model at once */
    return 0;
}

static int cutfs_open(const char *path, struct fuse_file_info *fi) {
    ENTER();
    struct node *n = lookup(path);
    if (n == NULL) {
        RETURN(-ENOENT);
    }
    if (S_ISDIR(n->mode) && (fi->flags & O_ACCMODE) != O_RDONLY) {
        RETURN(-EISDIR);
    }
    if ((fi->flags & O_TRUNC) && S_ISREG(n->mode) && (fi->flags & O_ACCMODE) != O_RDONLY) {
        int r = set_size(n, 0);
        if (r != 0) {
            RETURN(r);
        }
        mutated("truncate", path, "0 (open O_TRUNC)");
    }
    RETURN(open_handle(path, n, fi));
}

static int cutfs_create(const char *path, mode_t mode, struct fuse_file_info *fi) {
    ENTER();
    struct node *n = lookup(path);
    if (n != NULL) {
        if (fi->flags & O_EXCL) {
            RETURN(-EEXIST);
        }
        if (S_ISDIR(n->mode)) {
            RETURN(-EISDIR);
        }
        if (fi->flags & O_TRUNC) {
            int r = set_size(n, 0);
            if (r != 0) {
                RETURN(r);
            }
            mutated("truncate", path, "0 (create O_TRUNC)");
        }
        RETURN(open_handle(path, n, fi));
    }
    int r = make(path, S_IFREG | (mode & 07777), NULL, &n);
    if (r != 0) {
        RETURN(r);
    }
    mutated("create", path, "%o", mode & 07777);
    RETURN(open_handle(path, n, fi));
}

static int cutfs_read(const char *path, char *buf, size_t size, off_t off, struct fuse_file_info *fi) {
    ENTER();
    struct node *n;
    int r = resolve(path, fi, &n);
    if (r != 0) {
        RETURN(r);
    }
    if (S_ISDIR(n->mode)) {
        RETURN(-EISDIR);
    }
    if (off < 0 || (size_t)off >= n->size) {
        RETURN(0);
    }
    size_t len = n->size - (size_t)off < size ? n->size - (size_t)off : size;
    memcpy(buf, n->data + off, len);
    RETURN((int)len);
}

static int cutfs_write(const char *path, const char *buf, size_t size, off_t off, struct fuse_file_info *fi) {
    ENTER();
    struct node *n;
    int r = resolve(path, fi, &n);
    if (r != 0) {
        RETURN(r);
    }
    if (fi != NULL && (fi->flags & O_APPEND)) {
        off = (off_t)n->size;
    }
    if (off < 0) {
        RETURN(-EINVAL);
    }
    size_t end = (size_t)off + size;
    if (end > n->size && (r = set_size(n, end)) != 0) {
        RETURN(r);
    }
    memcpy(n->data + off, buf, size);
    n->mtime = n->ctime = now();
    mutated("write", name_of(path, fi), "%zu@%lld", size, (long long)off);
    RETURN((int)size);
}

static int cutfs_statfs(const char *path, struct statvfs *st) {
    (void)path;
    ENTER();
    memset(st, 0, sizeof *st);
    st->f_bsize = st->f_frsize = 4096;
    st->f_blocks = st->f_bfree = st->f_bavail = 1 << 20;
    st->f_files = st->f_ffree = st->f_favail = 1 << 20;
    st->f_namemax = 255;
    RETURN(0);
}

static int cutfs_release(const char *path, struct fuse_file_info *fi) {
    (void)path;
    pthread_mutex_lock(&lock); /* also while frozen: the kernel's handles must go */
    struct handle *h = (struct handle *)(uintptr_t)fi->fh;
    if (h != NULL) {
        struct node *n = h->node;
        n->opens--;
        free(h->path);
        free(h);
        if (n->dead) {
            if (n->opens == 0) {
                free_node(n);
            }
        } else {
            release_if_unreferenced(n);
        }
    }
    pthread_mutex_unlock(&lock);
    return 0;
}

static void sync_dir(struct node *n) {
    free_entries(n->dentries);
    n->dentries = copy_entries(n->entries);
    n->dmode = n->mode;
    n->dmtime = n->mtime;
}

static void sync_file(struct node *n) {
    free(n->ddata);
    n->ddata = NULL;
    if (n->size > 0) {
        n->ddata = malloc(n->size);
        if (n->ddata == NULL) {
            abort();
        }
        memcpy(n->ddata, n->data, n->size);
    }
    n->dsize = n->size;
    n->dmode = n->mode;
    n->dmtime = n->mtime;
}

static int cutfs_fsync(const char *path, int datasync, struct fuse_file_info *fi) {
    ENTER();
    struct node *n;
    int r = resolve(path, fi, &n);
    if (r == 0) {
        if (S_ISDIR(n->mode)) {
            sync_dir(n);
            mutated("fsyncdir", name_of(path, fi), "(arrived as fsync)");
        } else {
            sync_file(n);
            mutated(datasync ? "fdatasync" : "fsync", name_of(path, fi), NULL);
        }
    }
    RETURN(r);
}

static int cutfs_opendir(const char *path, struct fuse_file_info *fi) {
    ENTER();
    struct node *n = lookup(path);
    if (n == NULL) {
        RETURN(-ENOENT);
    }
    if (!S_ISDIR(n->mode)) {
        RETURN(-ENOTDIR);
    }
    int r = open_handle(path, n, fi);
    fi->direct_io = 0;
    RETURN(r);
}

static int cutfs_readdir(const char *path, void *buf, fuse_fill_dir_t filler, off_t off, struct fuse_file_info *fi,
                         enum fuse_readdir_flags flags) {
    (void)off;
    (void)flags;
    ENTER();
    struct node *n;
    int r = resolve(path, fi, &n);
    if (r != 0) {
        RETURN(r);
    }
    struct stat st;
    fill_stat(n, &st);
    filler(buf, ".", &st, 0, 0);
    filler(buf, "..", NULL, 0, 0);
    for (struct entry *e = n->entries; e != NULL; e = e->next) {
        fill_stat(e->node, &st);
        if (filler(buf, e->name, &st, 0, 0) != 0) {
            break;
        }
    }
    RETURN(0);
}

static int cutfs_fsyncdir(const char *path, int datasync, struct fuse_file_info *fi) {
    (void)datasync;
    ENTER();
    struct node *n;
    int r = resolve(path, fi, &n);
    if (r == 0 && !S_ISDIR(n->mode)) {
        r = -ENOTDIR;
    }
    if (r == 0) {
        sync_dir(n);
        mutated("fsyncdir", name_of(path, fi), NULL);
    }
    RETURN(r);
}

static int cutfs_access(const char *path, int mask) {
    (void)mask;
    ENTER();
    RETURN(lookup(path) == NULL ? -ENOENT : 0);
}

static int cutfs_flush(const char *path, struct fuse_file_info *fi) {
    (void)path;
    (void)fi;
    return 0;
}

/* ---- control channel ---- */

static void reply(int fd, const char *fmt, ...) {
    char line[LOG_LINE + 64];
    va_list ap;
    va_start(ap, fmt);
    int len = vsnprintf(line, sizeof line - 1, fmt, ap);
    va_end(ap);
    if (len < 0) {
        return;
    }
    if ((size_t)len > sizeof line - 2) {
        len = (int)sizeof line - 2;
    }
    line[len++] = '\n';
    for (int done = 0; done < len;) {
        ssize_t w = send(fd, line + done, (size_t)(len - done), MSG_NOSIGNAL);
        if (w <= 0) {
            return;
        }
        done += (int)w;
    }
}

static void command(int fd, char *line) {
    unsigned long long n = 0;
    pthread_mutex_lock(&lock);
    fire_pending();
    if (strcmp(line, "cut") == 0) {
        if (!frozen) {
            cut();
        }
        frozen = 1;
        armed = 0;
        reply(fd, "OK");
    } else if (sscanf(line, "arm %llu", &n) == 1) {
        armed = n;
        reply(fd, "OK");
    } else if (strcmp(line, "format") == 0) {
        for (struct node *n = all, *next; n != NULL; n = next) {
            next = n->next_all;
            if (n == root) {
                continue;
            }
            free_entries(n->entries);
            free_entries(n->dentries);
            n->entries = n->dentries = NULL;
            n->dead = 1;
            if (n->opens == 0) {
                free_node(n);
            }
        }
        free_entries(root->entries);
        free_entries(root->dentries);
        root->entries = root->dentries = NULL;
        frozen = 0;
        armed = 0;
        boot++;
        reply(fd, "OK");
    } else if (strcmp(line, "reboot") == 0) {
        frozen = 0;
        armed = 0;
        boot++;
        reply(fd, "OK");
    } else if (strcmp(line, "count") == 0) {
        reply(fd, "OK %llu", count);
    } else if (strcmp(line, "state") == 0) {
        reply(fd, "OK count=%llu armed=%llu frozen=%d boot=%u", count, armed, frozen, boot);
    } else if (sscanf(line, "log %llu", &n) == 1) {
        if (n > LOG_SIZE - 1) {
            n = LOG_SIZE - 1;
        }
        if (n > count) {
            n = count;
        }
        for (unsigned long long i = count - n + 1; i <= count; i++) {
            reply(fd, "%s", oplog[i % LOG_SIZE]);
        }
        reply(fd, "OK");
    } else {
        reply(fd, "ERR unknown command '%s' (cut, arm N, reboot, format, count, state, log N)", line);
    }
    pthread_mutex_unlock(&lock);
}

static void *serve(void *arg) {
    int server = (int)(intptr_t)arg;
    for (;;) {
        int fd = accept(server, NULL, NULL);
        if (fd < 0) {
            if (errno == EINTR) {
                continue;
            }
            return NULL;
        }
        char buf[512];
        size_t used = 0;
        for (;;) {
            ssize_t r = recv(fd, buf + used, sizeof buf - 1 - used, 0);
            if (r <= 0) {
                break;
            }
            used += (size_t)r;
            buf[used] = '\0';
            char *nl;
            while ((nl = strchr(buf, '\n')) != NULL) {
                *nl = '\0';
                command(fd, buf);
                used -= (size_t)(nl + 1 - buf);
                memmove(buf, nl + 1, used + 1);
            }
            if (used == sizeof buf - 1) {
                used = 0; /* an overlong line: dropped */
            }
        }
        close(fd);
    }
}

static void *cutfs_init(struct fuse_conn_info *conn, struct fuse_config *cfg) {
    (void)conn;
    cfg->use_ino = 1;
    cfg->readdir_ino = 1;
    cfg->hard_remove = 1; /* no .fuse_hidden files: an unlinked open file lives on in the handle */
    cfg->nullpath_ok = 1;
    cfg->entry_timeout = 0;
    cfg->attr_timeout = 0;
    cfg->negative_timeout = 0;
    cfg->direct_io = 1;
    cfg->kernel_cache = 0;

    /* Listening only once the kernel has mounted us: a connectable socket means the mount is live. */
    int server = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    snprintf(addr.sun_path, sizeof addr.sun_path, "%s", control_path);
    unlink(control_path);
    pthread_t thread;
    if (server < 0 || bind(server, (struct sockaddr *)&addr, sizeof addr) != 0 || listen(server, 4) != 0
        || pthread_create(&thread, NULL, serve, (void *)(intptr_t)server) != 0) {
        fprintf(stderr, "cutfs: cannot listen on %s: %s\n", control_path, strerror(errno));
        exit(2);
    }
    pthread_detach(thread);
    return NULL;
}

static void cutfs_destroy(void *data) {
    (void)data;
    unlink(control_path);
}

static const struct fuse_operations ops = {
    .getattr = cutfs_getattr,
    .readlink = cutfs_readlink,
    .mknod = cutfs_mknod,
    .mkdir = cutfs_mkdir,
    .unlink = cutfs_unlink,
    .rmdir = cutfs_rmdir,
    .symlink = cutfs_symlink,
    .rename = cutfs_rename,
    .link = cutfs_link,
    .chmod = cutfs_chmod,
    .chown = cutfs_chown,
    .truncate = cutfs_truncate,
    .open = cutfs_open,
    .read = cutfs_read,
    .write = cutfs_write,
    .statfs = cutfs_statfs,
    .flush = cutfs_flush,
    .release = cutfs_release,
    .fsync = cutfs_fsync,
    .opendir = cutfs_opendir,
    .readdir = cutfs_readdir,
    .releasedir = cutfs_release,
    .fsyncdir = cutfs_fsyncdir,
    .init = cutfs_init,
    .destroy = cutfs_destroy,
    .access = cutfs_access,
    .create = cutfs_create,
    .utimens = cutfs_utimens,
};

int main(int argc, char *argv[]) {
    if (argc < 3) {
        fprintf(stderr, "usage: %s MOUNTPOINT CONTROL_SOCKET [fuse options...]\n", argv[0]);
        return 2;
    }
    control_path = argv[2];
    if (strlen(control_path) >= sizeof((struct sockaddr_un *)0)->sun_path) {
        fprintf(stderr, "cutfs: control socket path too long: %s\n", control_path);
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);
    root = new_node(S_IFDIR | 0755);
    if (root == NULL) {
        return 1;
    }
    /* The root and its (empty) entries are on disk from the start: a freshly formatted file system. */
    char *fargs[64];
    int n = 0;
    fargs[n++] = argv[0];
    fargs[n++] = argv[1];
    fargs[n++] = "-f";
    fargs[n++] = "-s";
    fargs[n++] = "-o";
    fargs[n++] = "default_permissions,fsname=cutfs,subtype=cutfs";
    for (int i = 3; i < argc && n < 63; i++) {
        fargs[n++] = argv[i];
    }
    fargs[n] = NULL;
    return fuse_main(n, fargs, &ops, NULL);
}
