/* manifest.c — see manifest.h. */
#include "manifest.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "csvout.h"
#include "stage.h"
#include "xalloc.h"

/* Bytes read and hashed at a time.  Measured with OpenSSL's SHA-256 on
 * the 100x bench data: 256 KiB no faster, 1 and 4 MiB slower (a fresh
 * mapping to fault in for every file) (bench/README.md, "Numbers and
 * hashes"). */
#define MF_CHUNK (64 * 1024)

const char *pv_mf_role_name(pv_mf_role role)
{
    return role == PV_MF_INPUT ? "input" : "output";
}

/* ---------------------------------------------------------------- hashing */

int pv_sha256_file(const char *path, char hex[65], long long *bytes, pv_err *err)
{
    static const char xdigit[] = "0123456789abcdef";
    struct stat sb;
    EVP_MD_CTX *ck = NULL;
    unsigned char *buf = NULL, md[EVP_MAX_MD_SIZE];
    unsigned int mdlen = 0;
    long long total = 0;
    int st = 0;
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);

    if (fd < 0)
        return pv_err_set(err, PV_EXIT_IO, "%s: %s", path, strerror(errno));
    if (fstat(fd, &sb) != 0) {
        st = pv_err_set(err, PV_EXIT_IO, "%s: %s", path, strerror(errno));
        goto out;
    }
    if (!S_ISREG(sb.st_mode)) {
        st = pv_err_set(err, PV_EXIT_IO, "%s: not a regular file", path);
        goto out;
    }
    /* OpenSSL's EVP interface: its SHA-256 uses the CPU's SHA extensions
     * (GLib's GChecksum is portable C, several times slower) */
    ck = EVP_MD_CTX_new();
    if (!ck || !EVP_DigestInit_ex(ck, EVP_sha256(), NULL)) {
        st = pv_err_set(err, PV_EXIT_IO, "%s: cannot start SHA-256 (OpenSSL)", path);
        goto out;
    }
    buf = pv_xmalloc(MF_CHUNK);
    for (;;) {
        ssize_t r = read(fd, buf, MF_CHUNK);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            st = pv_err_set(err, PV_EXIT_IO, "%s: %s", path, strerror(errno));
            goto out;
        }
        if (r == 0)
            break;
        if (!EVP_DigestUpdate(ck, buf, (size_t)r)) {
            st = pv_err_set(err, PV_EXIT_IO, "%s: SHA-256 failed (OpenSSL)", path);
            goto out;
        }
        total += r;
    }
    if (!EVP_DigestFinal_ex(ck, md, &mdlen) || mdlen != 32) {
        st = pv_err_set(err, PV_EXIT_IO, "%s: SHA-256 failed (OpenSSL)", path);
        goto out;
    }
    for (unsigned i = 0; i < 32; i++) {
        hex[2 * i] = xdigit[md[i] >> 4];
        hex[2 * i + 1] = xdigit[md[i] & 15];
    }
    hex[64] = '\0';
    *bytes = total;
out:
    EVP_MD_CTX_free(ck); /* NULL: nothing */
    free(buf);
    close(fd);
    return st;
}

/* ---------------------------------------------------------------- the walk */

/* Takes ownership of path. */
static void mf_add(pv_manifest *m, char *path, pv_mf_role role)
{
    pv_xgrow((void **)&m->e, &m->cap, m->n + 1, sizeof *m->e);
    m->e[m->n++] = (pv_mf_entry){.path = path, .role = role, .bytes = -1};
}

/* "dir/name" ("/name" for dir "/"), malloc'd. */
static char *mf_join(const char *dir, const char *name)
{
    size_t nd = strlen(dir), nn = strlen(name);
    char *p = pv_xmalloc(nd + nn + 2);
    memcpy(p, dir, nd);
    if (nd == 0 || dir[nd - 1] != '/')
        p[nd++] = '/';
    memcpy(p + nd, name, nn + 1);
    return p;
}

static int mf_is_tmp(const char *name)
{
    size_t n = strlen(name);
    return n >= 4 && strcmp(name + n - 4, ".tmp") == 0;
}

/* The file to leave out: device and inode, valid when has. */
typedef struct {
    int has;
    dev_t dev;
    ino_t ino;
} mf_skip;

/* Add the regular files below dir (recursively, links not followed). */
static int mf_walk(pv_manifest *m, const char *dir, pv_mf_role role,
                   const mf_skip *skip, pv_err *err)
{
    DIR *d = opendir(dir);
    int st = 0;

    if (!d)
        return pv_err_set(err, PV_EXIT_IO, "%s: %s", dir, strerror(errno));
    for (;;) {
        struct stat sb;
        errno = 0;
        struct dirent *de = readdir(d);
        if (!de) {
            if (errno)
                st = pv_err_set(err, PV_EXIT_IO, "%s: %s", dir, strerror(errno));
            break;
        }
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        char *path = mf_join(dir, de->d_name);
        if (lstat(path, &sb) != 0) {
            st = pv_err_set(err, PV_EXIT_IO, "%s: %s", path, strerror(errno));
            free(path);
        } else if (S_ISDIR(sb.st_mode)) {
            st = mf_walk(m, path, role, skip, err);
            free(path);
        } else if (S_ISREG(sb.st_mode) && !mf_is_tmp(de->d_name) &&
                   !(skip->has && sb.st_dev == skip->dev && sb.st_ino == skip->ino)) {
            mf_add(m, path, role);
        } else {
            free(path); /* link, device, fifo, socket, *.tmp, the manifest */
        }
        if (st)
            break;
    }
    closedir(d);
    return st;
}

/* By path in byte order (strcmp compares as unsigned char), input first. */
static int mf_cmp(const void *a, const void *b)
{
    const pv_mf_entry *x = a, *y = b;
    int c = strcmp(x->path, y->path);
    return c ? c : (int)x->role - (int)y->role;
}

/* Sort m and drop repeated paths (the first, input if any, is kept). */
static void mf_sort(pv_manifest *m)
{
    size_t k = 0;
    if (m->n > 1)
        qsort(m->e, m->n, sizeof *m->e, mf_cmp);
    for (size_t i = 0; i < m->n; i++) {
        if (k > 0 && strcmp(m->e[k - 1].path, m->e[i].path) == 0)
            free(m->e[i].path);
        else
            m->e[k++] = m->e[i];
    }
    m->n = k;
}

int pv_manifest_build(pv_manifest *m, const pv_mf_dir *dirs, size_t n,
                      const char *skip, pv_err *err)
{
    mf_skip sk = {0};
    struct stat sb;
    int st = 0;

    if (skip && stat(skip, &sb) == 0)
        sk = (mf_skip){1, sb.st_dev, sb.st_ino};
    for (size_t i = 0; i < n && !st; i++) {
        char *dir = pv_xstrdup(dirs[i].dir);
        for (size_t len = strlen(dir); len > 1 && dir[len - 1] == '/'; len--)
            dir[len - 1] = '\0'; /* "out/" -> "out", "/" stays */
        st = mf_walk(m, dir, dirs[i].role, &sk, err);
        free(dir);
    }
    if (st)
        return st;
    mf_sort(m);
    for (size_t i = 0; i < m->n && !st; i++)
        st = pv_sha256_file(m->e[i].path, m->e[i].sha256, &m->e[i].bytes, err);
    return st;
}

/* ---------------------------------------------------------------- output */

static const char *const manifest_cols[] = {"path", "role", "bytes", "sha256"};

int pv_manifest_write(const pv_manifest *m, const char *path,
                      const char *version, pv_err *err)
{
    pv_csvw w;
    pv_csvw_open(&w, path, err); /* a failure sticks to w */
    pv_csvw_header(&w, manifest_cols, PV_NCOLS(manifest_cols));
    pv_csvw_row(&w, "proxeval-version", "", "", version, NULL);
    for (size_t i = 0; i < m->n; i++) {
        const pv_mf_entry *e = &m->e[i];
        pv_csvw_str(&w, e->path);
        pv_csvw_str(&w, pv_mf_role_name(e->role));
        pv_csvw_int(&w, e->bytes);
        pv_csvw_str(&w, e->sha256);
        pv_csvw_end(&w);
    }
    return pv_csvw_close(&w);
}

void pv_manifest_free(pv_manifest *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->n; i++)
        free(m->e[i].path);
    free(m->e);
    memset(m, 0, sizeof *m);
}

int pv_manifest_version(const char *file, char *buf, size_t n, pv_err *err)
{
    FILE *f = fopen(file, "rb");
    size_t len, a = 0;

    if (!f)
        return pv_err_set(err, PV_EXIT_IO, "%s: %s", file, strerror(errno));
    len = fread(buf, 1, n, f);
    if (ferror(f)) {
        int e = errno;
        fclose(f);
        return pv_err_set(err, PV_EXIT_IO, "%s: %s", file, strerror(e));
    }
    fclose(f);
    if (len == n)
        return pv_err_set(err, PV_EXIT_IO, "%s: version longer than %zu bytes",
                          file, n - 1);
    while (len > 0 && isspace((unsigned char)buf[len - 1]))
        len--;
    while (a < len && isspace((unsigned char)buf[a]))
        a++;
    memmove(buf, buf + a, len - a);
    buf[len - a] = '\0';
    if (len == a)
        return pv_err_set(err, PV_EXIT_IO, "%s: empty version", file);
    return 0;
}

int pv_manifest_run(const char *out, const char *version_file,
                    const pv_mf_dir *dirs, size_t n, pv_err *err)
{
    char version[256];
    pv_manifest m = {0};
    int st = pv_manifest_version(version_file, version, sizeof version, err);
    if (!st)
        st = pv_manifest_build(&m, dirs, n, out, err);
    if (!st)
        st = pv_manifest_write(&m, out, version, err);
    pv_manifest_free(&m);
    return st;
}
