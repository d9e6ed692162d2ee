/* csvout.c — see csvout.h. */
#include "csvout.h"
#include "numconv.h"
#include "stage.h"
#include "xalloc.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PV_CSVW_BUFSIZE (1 << 20)

static void fail(pv_csvw *w, const char *what)
{
    if (!w->failed)
        pv_err_set(w->err, PV_EXIT_IO, "%s: %s: %s", w->path ? w->path : "?",
                   what, strerror(errno ? errno : EIO));
    w->failed = 1;
}

int pv_csvw_open(pv_csvw *w, const char *path, pv_err *err)
{
    memset(w, 0, sizeof *w);
    w->err = err;
    w->width = -1;
    w->path = pv_xstrdup(path);
    w->tmp = pv_tmp_name(path);
    w->buf = pv_xmalloc(PV_CSVW_BUFSIZE);
    w->f = fopen(w->tmp, "wb");
    if (!w->f) {
        fail(w, "cannot create");
        return PV_EXIT_IO;
    }
    /* our own buffer, filled with memcpy: stdio's putc and fputs per field
     * (a lock and a length each) were most of the cost of writing a clean
     * table; whole buffers go to the file unbuffered */
    setvbuf(w->f, NULL, _IONBF, 0);
    return 0;
}

/* Write the buffer to the file; a short write fails the file. */
static void flush_buf(pv_csvw *w)
{
    if (w->len && !w->failed && fwrite(w->buf, 1, w->len, w->f) != w->len)
        fail(w, "write error");
    w->len = 0;
}

static void put(pv_csvw *w, const char *s, size_t n)
{
    if (w->len + n > PV_CSVW_BUFSIZE) {
        flush_buf(w);
        if (n > PV_CSVW_BUFSIZE) { /* a field larger than the buffer */
            if (!w->failed && fwrite(s, 1, n, w->f) != n)
                fail(w, "write error");
            return;
        }
    }
    memcpy(w->buf + w->len, s, n);
    w->len += n;
}

static void put_char(pv_csvw *w, char c)
{
    if (w->len == PV_CSVW_BUFSIZE)
        flush_buf(w);
    w->buf[w->len++] = c;
}

static void sep(pv_csvw *w)
{
    if (w->nfield++ > 0)
        put_char(w, ',');
}

void pv_csvw_str(pv_csvw *w, const char *s)
{
    if (w->failed)
        return;
    sep(w);
    if (!s)
        return;
    /* quoted when it holds a delimiter, quote or line end, or starts or
     * ends with a space (readers such as libcsv trim unquoted fields) */
    const char *e = s + strcspn(s, ",\"\r\n"); /* the end, or what needs quotes */
    size_t len = (size_t)(e - s);
    if (!*e && !(len && (s[0] == ' ' || s[len - 1] == ' '))) {
        put(w, s, len);
        return;
    }
    put_char(w, '"');
    for (; *s; s++) {
        if (*s == '"')
            put_char(w, '"');
        put_char(w, *s);
    }
    put_char(w, '"');
}

void pv_csvw_plain(pv_csvw *w, const char *s, size_t n)
{
    if (w->failed)
        return;
    sep(w);
    put(w, s, n);
}

void pv_csvw_int(pv_csvw *w, long long v)
{
    char buf[24], *p = buf + sizeof buf;
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    if (w->failed)
        return;
    sep(w);
    do /* by hand: fprintf's format parsing showed in the profile */
        *--p = (char)('0' + u % 10);
    while (u /= 10);
    if (v < 0)
        *--p = '-';
    put(w, p, (size_t)(buf + sizeof buf - p));
}

/* What the file format was defined with and still is for what numfmt does
 * not lay out itself (infinities, subnormals): the shortest of %.15g, %.16g
 * and %.17g that strtod reads back to the same double.  15 digits first:
 * for a normal double, %.15g is the shortest form when there is one of 15
 * digits or fewer (0.1, 2.25, 3); 17 always read back. */
static size_t numfmt_printf(char *buf, double v)
{
    int len = 0;
    for (int digits = 15; digits <= 17; digits++) {
        len = snprintf(buf, PV_CSVW_NUMLEN, "%.*g", digits, v);
        if (strtod(buf, NULL) == v) /* same bits: v is neither NAN nor -0 here */
            break;
    }
    return (size_t)len;
}

/* The same bytes as numfmt_printf without printf: glibc's %g and strtod
 * work in multi-precision arithmetic and were most of the time of the
 * stages that write many numbers.  For a normal double whose shortest
 * round-tripping digits (numconv.h) are k, numfmt_printf stops at
 * P = max(15, k) digits, and %.Pg's digits are the shortest ones padded
 * with zeros, which %g then drops:
 *   - k <= 15: a 15-digit decimal is at least 4.5 units in the last place
 *     of a normal double away from the next one, so only one reads back
 *     to v, the nearest, which %.15g writes;
 *   - k = 16: the nearest 16-digit decimal reads back when any does, and
 *     the shortest digits are the nearest ones (ties to even, as glibc),
 *     except at a power of two, where the double below is twice as close
 *     as the one above: there the nearest (below v) may not read back
 *     while one above does, and %.16g fails where the shortest digits do
 *     not (2^-1017: "7.120236347223045e-307" is shortest, %g writes
 *     "7.1202363472230444e-307"), so printf decides;
 *   - k = 17: %.17g always reads back and is the nearest.
 * (tests/unit/test_numconv.c compares both on random doubles, powers, ties.)
 * Then %g's layout: exponent form when the decimal exponent x is below -4
 * or at least P. */
size_t pv_csvw_numfmt(char *buf, double v)
{
    char d[PV_NUMCONV_DIGITS], *p = buf;
    int point;
    uint64_t bits;
    if (v == 0) { /* -0 too: "0", never "-0" */
        memcpy(buf, "0", 2);
        return 1;
    }
    if (!isnormal(v)) /* an infinity, a subnormal (NAN is the caller's) */
        return numfmt_printf(buf, v);
    int k = pv_numconv_shortest(v, d, &point);
    memcpy(&bits, &v, sizeof bits);
    if (k == 16 && (bits & ((UINT64_C(1) << 52) - 1)) == 0) /* a power of two */
        return numfmt_printf(buf, v);
    int prec = k > 15 ? k : 15, x = point - 1;
    if (v < 0)
        *p++ = '-';
    if (x < -4 || x >= prec) { /* d.ddde+XX, at least two exponent digits */
        int ax = x < 0 ? -x : x;
        *p++ = d[0];
        if (k > 1) {
            *p++ = '.';
            memcpy(p, d + 1, (size_t)k - 1);
            p += k - 1;
        }
        *p++ = 'e';
        *p++ = x < 0 ? '-' : '+';
        if (ax >= 100)
            *p++ = (char)('0' + ax / 100);
        *p++ = (char)('0' + ax / 10 % 10);
        *p++ = (char)('0' + ax % 10);
    } else if (x < 0) { /* 0.000ddd */
        *p++ = '0';
        *p++ = '.';
        memset(p, '0', (size_t)(-x - 1));
        p += -x - 1;
        memcpy(p, d, (size_t)k);
        p += k;
    } else if (k <= x + 1) { /* an integer: ddd000 */
        memcpy(p, d, (size_t)k);
        memset(p + k, '0', (size_t)(x + 1 - k));
        p += x + 1;
    } else { /* ddd.ddd */
        memcpy(p, d, (size_t)x + 1);
        p += x + 1;
        *p++ = '.';
        memcpy(p, d + x + 1, (size_t)(k - x - 1));
        p += k - x - 1;
    }
    *p = '\0';
    return (size_t)(p - buf);
}

void pv_csvw_num(pv_csvw *w, double v)
{
    if (w->failed)
        return;
    sep(w);
    if (isnan(v))
        return;
    char buf[PV_CSVW_NUMLEN];
    put(w, buf, pv_csvw_numfmt(buf, v));
}

int pv_csvw_parse_num(const char *s, double *out)
{
    /* the characters the writer uses for a finite number, nothing else:
     * strtod alone would also take "inf", "nan", hex and leading spaces */
    size_t n = strspn(s, "0123456789+-.eE");
    if (!n || s[n] != '\0')
        return -1;
    /* fast_float, as strtod but several times faster (numconv.h); it
     * refuses the leading '+' strtod takes ("+1.5", never "+-1") */
    if (s[0] == '+' && s[1] != '-' && s[1] != '+')
        s++, n--;
    double v;
    if (pv_numconv_parse(s, n, &v) || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}

void pv_csvw_sig(pv_csvw *w, double v, int digits)
{
    if (w->failed)
        return;
    sep(w);
    if (!isnan(v)) {
        char buf[400]; /* %.*g of a double: at most digits + 8 bytes */
        int n = snprintf(buf, sizeof buf, "%.*g", digits, v == 0 ? 0.0 : v);
        if (n > 0 && (size_t)n < sizeof buf)
            put(w, buf, (size_t)n);
        else { /* more digits than any double has: as before, straight to the file */
            flush_buf(w);
            fprintf(w->f, "%.*g", digits, v == 0 ? 0.0 : v);
        }
    }
}

void pv_csvw_row(pv_csvw *w, const char *first, ...)
{
    va_list ap;
    va_start(ap, first);
    for (const char *s = first; s; s = va_arg(ap, const char *))
        pv_csvw_str(w, s);
    va_end(ap);
    pv_csvw_end(w);
}

void pv_csvw_header(pv_csvw *w, const char *const *names, size_t n)
{
    for (size_t i = 0; i < n && !w->failed; i++) {
        if (!names[i]) {
            pv_err_set(w->err, PV_EXIT_IO, "%s: column %zu of the column table has no name "
                       "(a bug: a hole in the table)", w->path, i + 1);
            w->failed = 1;
            return;
        }
        pv_csvw_str(w, names[i]);
    }
    pv_csvw_end(w);
}

void pv_csvw_end(pv_csvw *w)
{
    if (w->failed)
        return;
    w->line++;
    if (w->width < 0)
        w->width = w->nfield;
    else if (w->nfield != w->width) {
        pv_err_set(w->err, PV_EXIT_IO, "%s:%ld: %d fields, the header has %d (a bug: the "
                   "row writer and its column table disagree)", w->path, w->line, w->nfield,
                   w->width);
        w->failed = 1;
        return;
    }
    put_char(w, '\n');
    w->nfield = 0;
}

int pv_csvw_close(pv_csvw *w)
{
    int st = 0;
    if (w->f) {
        flush_buf(w);
        if (!w->failed && fflush(w->f) != 0)
            fail(w, "write error");
        if (fclose(w->f) != 0 && !w->failed)
            fail(w, "write error");
        w->f = NULL;
        if (!w->failed && rename(w->tmp, w->path) != 0)
            fail(w, "cannot rename");
        if (w->failed)
            unlink(w->tmp);
    }
    if (w->failed)
        st = w->err && w->err->status ? w->err->status : PV_EXIT_IO;
    free(w->path);
    free(w->tmp);
    free(w->buf);
    w->path = w->tmp = w->buf = NULL;
    return st;
}
