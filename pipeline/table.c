/* table.c — delimited text into memory with line tracking (see table.h). */
/* mmap's MAP_POPULATE and madvise are Linux's, beyond POSIX (see map_file) */
#define _DEFAULT_SOURCE
#include "table.h"
#include "stage.h"
#include "xalloc.h"

#include <csv.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* libcsv's parser states (csv.h keeps them private; the values are stable
 * since libcsv 3.0). */
enum { LIBCSV_ROW_NOT_BEGUN = 0, LIBCSV_FIELD_NOT_BEGUN = 1 };

/* ------------------------------------------------------------------ */
/* Reading the file                                                   */
/* ------------------------------------------------------------------ */

/* Whole file into a malloc'd buffer (caller frees); NUL-terminated.  The
 * size comes from fstat so a regular file is read in one allocation;
 * pipes and growing files fall back to doubling. */
static char *slurp(const char *path, size_t *len, pv_err *err)
{
    FILE *f = fopen(path, "rb");
    struct stat sb;
    char *buf = NULL;
    size_t cap = 0, n = 0;
    if (!f) {
        pv_err_set(err, PV_EXIT_IO, "%s: %s", path, strerror(errno));
        return NULL;
    }
    if (fstat(fileno(f), &sb) == 0 && S_ISDIR(sb.st_mode)) {
        pv_err_set(err, PV_EXIT_IO, "%s: is a folder, not a file", path);
        goto fail;
    }
    if (fstat(fileno(f), &sb) == 0 && S_ISREG(sb.st_mode))
        cap = (size_t)sb.st_size + 1;
    for (;;) {
        if (n == cap || !buf) {
            size_t ncap = cap > n ? cap : (cap ? cap * 2 : 1 << 16);
            buf = pv_xrealloc(buf, ncap + 1);
            cap = ncap;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    if (ferror(f)) {
        pv_err_set(err, PV_EXIT_IO, "%s: read error: %s", path, strerror(errno));
        goto fail;
    }
    fclose(f);
    buf[n] = '\0';
    *len = n;
    return buf;
fail:
    fclose(f);
    free(buf);
    return NULL;
}

/* A regular file is mapped read-only rather than read: no copy of it in
 * the heap, and the parser drops the pages it has passed (drop_behind), so
 * a table is not held twice, as its raw bytes and as its fields, while it is
 * read.  Its pages are read again from the file if a message needs them.
 * Anything else (a pipe, an empty file, a failed mmap) is read whole.
 * *mapped is the length of the mapping, 0 for a buffer from slurp. */
static char *map_file(const char *path, size_t *len, size_t *mapped, pv_err *err)
{
    struct stat sb;
    *mapped = 0;
    int fd = open(path, O_RDONLY);
    if (fd >= 0 && fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size > 0) {
        void *p = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
        close(fd);
        if (p != MAP_FAILED) {
            *len = *mapped = (size_t)sb.st_size;
            return p;
        }
    } else if (fd >= 0)
        close(fd);
    return slurp(path, len, err);
}

static void release(char *buf, size_t mapped)
{
    if (mapped)
        munmap(buf, mapped);
    else
        free(buf);
}

/* ------------------------------------------------------------------ */
/* Encodings                                                          */
/* ------------------------------------------------------------------ */

/* Offset of the first byte that is not part of valid UTF-8 (overlongs,
 * surrogates and code points past U+10FFFF are invalid), or len. */
static size_t utf8_invalid_at(const unsigned char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        unsigned c = s[i];
        if (c < 0x80) {
            /* ASCII, most of a file: eight bytes at a time */
            uint64_t w;
            while (i + 8 <= len && (memcpy(&w, s + i, 8), !(w & 0x8080808080808080u)))
                i += 8;
            if (i < len && s[i] < 0x80)
                i++;
            continue;
        }
        size_t need;
        uint32_t cp;
        if (c >= 0xC2 && c <= 0xDF) { need = 1; cp = c & 0x1F; }
        else if (c >= 0xE0 && c <= 0xEF) { need = 2; cp = c & 0x0F; }
        else if (c >= 0xF0 && c <= 0xF4) { need = 3; cp = c & 0x07; }
        else return i;
        for (size_t k = 1; k <= need; k++) {
            if (i + k >= len || (s[i + k] & 0xC0) != 0x80)
                return i;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if ((need == 2 && cp < 0x800) || (need == 3 && cp < 0x10000) ||
            (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
            return i;
        i += need + 1;
    }
    return len;
}

/* Windows-1252 0x80..0x9F as Unicode; 0 marks the five undefined bytes. */
static const uint16_t cp1252_hi[32] = {
    0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
    0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178};

static uint32_t cp1252_to_ucs(unsigned char c)
{
    if (c >= 0x80 && c <= 0x9F)
        return cp1252_hi[c - 0x80];
    return c;
}

/* Offset of the first valid multi-byte UTF-8 sequence, or len: a file that
 * has one and an invalid byte too mixes encodings (one pasted Windows-1252
 * cell in a UTF-8 file); converting it as a whole would garble every other
 * accent. */
static size_t utf8_multibyte_at(const unsigned char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (s[i] >= 0xC2 && s[i] <= 0xF4 && utf8_invalid_at(s + i, len - i) != 0)
            return i;
    return len;
}

/* Offset of the first byte undefined in Windows-1252, or len. */
static size_t cp1252_invalid_at(const unsigned char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (s[i] >= 0x80 && cp1252_to_ucs(s[i]) == 0)
            return i;
    return len;
}

/* Convert Windows-1252 to a new UTF-8 buffer (caller frees). */
static char *cp1252_to_utf8(const unsigned char *s, size_t len, size_t *out_len)
{
    char *o = pv_xmalloc(pv_xmul(len, 3) + 1), *p = o;
    for (size_t i = 0; i < len; i++) {
        uint32_t u = cp1252_to_ucs(s[i]);
        if (u < 0x80) {
            *p++ = (char)u;
        } else if (u < 0x800) {
            *p++ = (char)(0xC0 | (u >> 6));
            *p++ = (char)(0x80 | (u & 0x3F));
        } else {
            *p++ = (char)(0xE0 | (u >> 12));
            *p++ = (char)(0x80 | ((u >> 6) & 0x3F));
            *p++ = (char)(0x80 | (u & 0x3F));
        }
    }
    *p = '\0';
    *out_len = (size_t)(p - o);
    return o;
}

/* Line ends are LF, CRLF or a bare CR (old Mac files, Excel's "CSV
 * (Macintosh)"): libcsv ends a record at either byte, so every count of lines
 * here agrees with it.  Offset just past the line that starts at pos. */
static size_t eol_after(const char *s, size_t pos, size_t len, int has_cr)
{
    const char *lf = memchr(s + pos, '\n', len - pos);
    size_t stop = lf ? (size_t)(lf - s) : len;
    const char *cr = has_cr ? memchr(s + pos, '\r', stop - pos) : NULL;
    if (cr && (size_t)(cr - s) + 1 != stop)
        return (size_t)(cr - s) + 1; /* a bare CR ends the line */
    return lf ? stop + 1 : len;
}

/* Line (from 1) and field number (from 1, quote-aware within the line) of
 * byte offset `at`. */
static void locate(const char *s, size_t at, int delim, long *line, int *col)
{
    long ln = 1;
    size_t bol = 0;
    for (size_t i = 0; i < at; i++)
        if (s[i] == '\n' || (s[i] == '\r' && s[i + 1] != '\n')) {
            ln++;
            bol = i + 1;
        }
    int c = 1, q = 0;
    for (size_t i = bol; i < at; i++) {
        if (s[i] == '"')
            q = !q;
        else if (!q && s[i] == delim)
            c++;
    }
    *line = ln;
    *col = c;
}

/* ------------------------------------------------------------------ */
/* Delimiter detection                                                */
/* ------------------------------------------------------------------ */

/* The most frequent of , ; tab outside quotes on the first line; ',' on a
 * tie or when none occurs (a one-column file). */
static int detect_delim(const char *s, size_t len)
{
    size_t n[3] = {0, 0, 0};
    int q = 0;
    for (size_t i = 0; i < len && s[i] != '\n' && s[i] != '\r'; i++) {
        if (s[i] == '"')
            q = !q;
        else if (!q)
            n[0] += s[i] == ',', n[1] += s[i] == ';', n[2] += s[i] == '\t';
    }
    if (n[1] > n[0] && n[1] >= n[2])
        return ';';
    if (n[2] > n[0] && n[2] > n[1])
        return '\t';
    return ',';
}

/* ------------------------------------------------------------------ */
/* Parsing with libcsv                                                */
/* ------------------------------------------------------------------ */

typedef struct {
    pv_table *t;
    pv_rejects *rej;
    struct csv_parser p;
    long cur_line;        /* physical line being fed */
    long rec_line;        /* line where the current record started */
    long field_line;      /* line where the current field started */
    size_t cur_pos;       /* offset of the physical line being fed */
    size_t field_pos;     /* offset of the line where the current field started */
    const char *cur_text; /* the physical line being fed (for messages) */
    size_t cur_len;
    uint32_t *fo;         /* arena offsets of the current record's fields */
    size_t nf, fo_cap;
    size_t rec_start;     /* arena length when the record began */
    uint32_t *hdr;        /* header offsets (arena may move) */
    int have_header;
    size_t rows_cap;      /* records that t->line and t->row_off can hold */
    int nul_col;          /* first field of the record holding a NUL byte, or 0 */
    int has_nul;          /* the file holds a NUL byte: fields are checked */
    int has_cr;           /* the file holds a CR: lines may end there */
    const pv_table_hook *hook; /* records handed over (plain files), or NULL */
    char *map;            /* the file's mapping (map_file), or NULL */
    size_t dropped;       /* bytes of the mapping dropped from memory so far */
} reader;

static int space_only(unsigned char c)
{
    return c == ' ';
}

/* Append a field to the arena and the record.  wide: 16 bytes may be read
 * from s (one fixed copy, inlined, instead of a call for most fields). */
static inline void add_field(reader *r, const void *s, size_t len, int wide)
{
    pv_table *t = r->t;
    /* A NUL would silently cut the field where C strings end: the record is
     * rejected in on_row, naming this field. */
    if (r->has_nul && !r->nul_col && len && memchr(s, '\0', len))
        r->nul_col = (int)r->nf + 1;
    /* the arena is reserved for the whole file: the calls are the rare case */
    if (t->arena_len + len + 16 > t->arena_cap)
        pv_xgrow((void **)&t->arena, &t->arena_cap, t->arena_len + len + 16, 1);
    if (r->nf + 1 > r->fo_cap)
        pv_xgrow((void **)&r->fo, &r->fo_cap, r->nf + 1, sizeof *r->fo);
    if (len <= 16 && wide)
        memcpy(t->arena + t->arena_len, s, 16);
    else if (len)
        memcpy(t->arena + t->arena_len, s, len);
    t->arena[t->arena_len + len] = '\0';
    r->fo[r->nf++] = (uint32_t)t->arena_len; /* < 4 GB: see MAX_FILE */
    t->arena_len += len + 1;
}

static void on_field(void *s, size_t len, void *data)
{
    reader *r = data;
    r->field_line = r->cur_line;
    r->field_pos = r->cur_pos;
    /* most fields are short: libcsv's field buffer holds at least its block
     * of 128 bytes, so a 16-byte copy stays inside it */
    add_field(r, s, len, r->p.entry_size >= 16);
}

/* The physical line being fed, without its line end, for a reject value; a
 * NUL byte is shown as \x00 (it would end the string). */
static void line_text(const reader *r, char *buf, size_t n)
{
    size_t len = r->cur_len, o = 0;
    while (len && (r->cur_text[len - 1] == '\n' || r->cur_text[len - 1] == '\r'))
        len--;
    for (size_t i = 0; i < len && o + 5 < n; i++) {
        if (r->cur_text[i] == '\0') {
            memcpy(buf + o, "\\x00", 4);
            o += 4;
        } else {
            buf[o++] = r->cur_text[i];
        }
    }
    buf[o] = '\0';
}

static void record_reject(reader *r, long line, int col, const char *value,
                          const char *reason)
{
    r->t->n_read++;
    r->t->n_bad++;
    pv_rejects_add(r->rej, r->t->name, line, col, "", value, reason);
    r->t->arena_len = r->rec_start;
    r->nf = 0;
    r->nul_col = 0;
}

/* Room for one more kept record.  The lines counted beforehand bound the
 * records, so this grows only if that count was wrong: a safety net, never
 * an overflow. */
static void room_for_row(reader *r)
{
    pv_table *t = r->t;
    size_t nc = t->n_cols > PV_ROW_OFF_COLS ? t->n_cols : 1;
    uint32_t **off = t->n_cols > PV_ROW_OFF_COLS ? &t->off : &t->row_off;
    if (!*off)
        *off = pv_xnmalloc(pv_xmul(r->rows_cap, nc), sizeof **off);
    if (t->n_rows < r->rows_cap)
        return;
    size_t cap = pv_xmul(r->rows_cap, 2);
    t->line = pv_xnrealloc(t->line, cap, sizeof *t->line);
    *off = pv_xnrealloc(*off, pv_xmul(cap, nc), sizeof **off);
    r->rows_cap = cap;
}

static void on_row(int c, void *data)
{
    reader *r = data;
    pv_table *t = r->t;
    (void)c;
    if (!r->have_header && r->nul_col) {
        r->have_header = -1; /* a broken header refuses the file */
        goto done;
    }
    if (!r->have_header) {
        r->hdr = pv_xnmalloc(r->nf, sizeof *r->hdr);
        memcpy(r->hdr, r->fo, r->nf * sizeof *r->hdr);
        t->n_cols = r->nf;
        r->have_header = 1;
        if (r->hook) {
            t->cols = pv_xnmalloc(t->n_cols + 1, sizeof *t->cols);
            for (size_t i = 0; i < t->n_cols; i++)
                t->cols[i] = t->arena + r->hdr[i];
            if (r->hook->header(r->hook->ctx, t, r->rows_cap))
                r->hook = NULL;
        }
        goto done;
    }
    if (r->nf != t->n_cols) {
        char why[128], val[256];
        snprintf(why, sizeof why, "expected %zu fields, found %zu",
                 t->n_cols, r->nf);
        line_text(r, val, sizeof val);
        record_reject(r, r->rec_line, (int)(r->nf < t->n_cols ? r->nf + 1 : t->n_cols + 1),
                      val, why);
        goto done;
    }
    if (r->nul_col) {
        char val[256];
        line_text(r, val, sizeof val);
        record_reject(r, r->rec_line, r->nul_col, val,
                      "NUL byte (\\x00) in the field: not text");
        goto done;
    }
    room_for_row(r);
    if (t->off)
        memcpy(t->off + t->n_rows * t->n_cols, r->fo, t->n_cols * sizeof *t->off);
    else
        t->row_off[t->n_rows] = r->fo[0]; /* its fields follow one another */
    t->line[t->n_rows++] = r->rec_line;
    t->n_read++;
    if (r->hook)
        r->hook->row(r->hook->ctx, t, t->n_rows - 1);
done:
    r->nf = 0;
    r->nul_col = 0;
    r->rec_start = t->arena_len;
}

/* Line-end bytes of s plus one: an upper bound of the records (libcsv ends a
 * record at CR or LF). */
static size_t count_lines(const char *s, size_t len)
{
    size_t n = 1;
    for (const char *p = s, *e = s + len; (p = memchr(p, '\n', (size_t)(e - p))); p++)
        n++;
    for (const char *p = s, *e = s + len; (p = memchr(p, '\r', (size_t)(e - p))); p++)
        n++;
    return n;
}

/* libcsv grows its field buffer with our allocator, so it never reports
 * CSV_ENOMEM; csv_init fails only for a NULL parser. */
static void parser_start(reader *r)
{
    csv_init(&r->p, CSV_STRICT | CSV_STRICT_FINI);
    csv_set_realloc_func(&r->p, pv_xrealloc);
    csv_set_delim(&r->p, (unsigned char)r->t->delim);
    csv_set_space_func(&r->p, space_only);
}

/* A strict-mode error at byte k of the current line: reject the record,
 * restart the parser at the next line. */
static void parse_error(reader *r, size_t k)
{
    char val[256];
    char why[128];
    (void)k;
    /* libcsv keeps `quoted` set after a field's closing quote */
    snprintf(why, sizeof why, "%s", r->p.quoted ? "text after a closing quote"
                                                : "quote inside an unquoted field");
    if (r->rec_line != r->cur_line)
        snprintf(why + strlen(why), sizeof why - strlen(why),
                 " (the record starts on line %ld)", r->rec_line);
    line_text(r, val, sizeof val);
    if (r->have_header)
        record_reject(r, r->cur_line, (int)r->nf + 1, val, why);
    else
        r->have_header = -1; /* a broken header refuses the file */
    csv_free(&r->p);
    parser_start(r);
}

/* Give back the pages of the mapping before s + pos, by steps of 4 MB: the
 * parser is done with them (see map_file). */
static void drop_behind(reader *r, const char *s, size_t pos)
{
    enum { STEP = 4 << 20 };
    if (!r->map)
        return;
    size_t upto = (size_t)(s + pos - r->map) & ~(size_t)(STEP - 1);
    if (upto >= r->dropped + STEP) {
        madvise(r->map + r->dropped, upto - r->dropped, MADV_DONTNEED);
        r->dropped = upto;
    }
}

/* One physical line of a plain file (no quote, ',' as delimiter: a record
 * is one line), split here rather than by libcsv, byte for byte as libcsv
 * does it: fields end at ',' and lose their leading and trailing spaces
 * (space_only), and a line of nothing but spaces is no record.  libcsv
 * goes through a state machine for every byte and a call for every byte
 * of a field; this is a scan for the delimiter (tests/unit/test_table.c
 * compares the two on random lines).  end: the end of the buffer (a
 * 16-byte copy must not read past it). */
static void split_plain(reader *r, const char *s, size_t n, const char *end)
{
    while (n && (s[n - 1] == '\n' || s[n - 1] == '\r'))
        n--;
    size_t i = 0;
    while (i < n && s[i] == ' ')
        i++;
    if (i == n)
        return;
    for (;;) {
        while (i < n && s[i] == ' ')
            i++;
        size_t b = i;
        while (i < n && s[i] != ',')
            i++;
        size_t e = i;
        while (e > b && s[e - 1] == ' ')
            e--;
        add_field(r, s + b, e - b, end - (s + b) >= 16);
        if (i == n)
            break;
        i++;
    }
    on_row(0, r);
}

/* Feed the buffer one physical line at a time. */
static void parse_lines(reader *r, const char *s, size_t len)
{
    size_t pos = 0;
    while (pos < len && r->have_header >= 0) {
        size_t end = eol_after(s, pos, len, r->has_cr);
        drop_behind(r, s, pos);
        r->cur_line++;
        r->cur_text = s + pos;
        r->cur_len = end - pos;
        if (r->p.pstate == LIBCSV_ROW_NOT_BEGUN) {
            r->rec_line = r->cur_line;
            r->rec_start = r->t->arena_len;
        }
        r->cur_pos = pos;
        if (r->p.pstate <= LIBCSV_FIELD_NOT_BEGUN) {
            r->field_line = r->cur_line;
            r->field_pos = pos;
        }
        if (r->t->plain) {
            split_plain(r, s + pos, end - pos, s + len);
            pos = end;
            continue;
        }
        size_t n = csv_parse(&r->p, s + pos, end - pos, on_field, on_row, r);
        if (n < end - pos) {
            if (csv_error(&r->p) != CSV_EPARSE)
                pv_xalloc_die(); /* CSV_ETOOBIG: a field past SIZE_MAX */
            parse_error(r, n);
        }
        pos = end;
    }
}

/* ------------------------------------------------------------------ */
/* Public                                                             */
/* ------------------------------------------------------------------ */

/* Count the records that a refused file holds (non-empty lines after the
 * first), so the ingest report still adds up. */
static size_t count_records(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t pos = 0, end; pos < len; pos = end) {
        end = eol_after(s, pos, len, 1);
        if (s[pos] != '\n' && s[pos] != '\r')
            n++;
    }
    return n ? n - 1 : 0;
}

static int refuse(pv_table *t, pv_rejects *rej, const char *s, size_t len,
                  long line, int col, const char *value, pv_err *err,
                  const char *why)
{
    t->n_read = t->n_bad = count_records(s, len);
    pv_rejects_add(rej, t->name, line, col, "", value, why);
    return pv_err_set(err, PV_EXIT_DATA, "%s:%ld:%d: %s", t->name, line, col,
                      why);
}

/* Decide the encoding; may replace *buf by a converted copy.  Returns 0 or
 * an error status (file refused). */
static int settle_encoding(pv_table *t, char **buf, size_t *len, size_t *mapped,
                           size_t *skip, const pv_table_opts *o,
                           pv_rejects *rej, pv_err *err)
{
    const unsigned char *u = (const unsigned char *)*buf;
    *skip = 0;
    t->encoding = "utf-8";
    if (*len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF)))
        return refuse(t, rej, *buf, *len, 1, 1, "", err,
                      "UTF-16 is not supported: save the file as CSV UTF-8");
    if (*len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
        *skip = 3;
        t->encoding = "utf-8 (BOM)";
    }
    if (o->encoding == PV_ENC_CP1252)
        goto convert;
    size_t bad = utf8_invalid_at(u + *skip, *len - *skip) + *skip;
    if (bad == *len)
        return 0;
    size_t multi = utf8_multibyte_at(u + *skip, *len - *skip) + *skip;
    if (o->encoding == PV_ENC_AUTO && multi == *len && cp1252_invalid_at(u, *len) == *len)
        goto convert;
    {
        long line, mline;
        int col, mcol;
        char why[300], val[8];
        int delim = t->delim ? t->delim : detect_delim(*buf, *len);
        t->delim = (char)delim; /* the report names it for a refused file too */
        locate(*buf, bad, delim, &line, &col);
        snprintf(val, sizeof val, "\\x%02X", u[bad]);
        if (o->encoding == PV_ENC_UTF8)
            snprintf(why, sizeof why, "invalid UTF-8 byte (encoding is declared utf-8 in config.csv)");
        else if (multi < *len) {
            locate(*buf, multi, delim, &mline, &mcol);
            snprintf(why, sizeof why,
                     "invalid UTF-8 byte in a file that is UTF-8 elsewhere (line %ld, "
                     "column %d): mixed encodings; save the file as CSV UTF-8, or declare "
                     "encoding windows-1252 in config.csv", mline, mcol);
        } else
            snprintf(why, sizeof why,
                     "invalid byte, neither UTF-8 nor Windows-1252: save the file as CSV UTF-8");
        return refuse(t, rej, *buf, *len, line, col, val, err, why);
    }
convert: {
        size_t nlen;
        char *nb = cp1252_to_utf8(u + *skip, *len - *skip, &nlen);
        release(*buf, *mapped);
        *mapped = 0;
        *buf = nb;
        *len = nlen;
        *skip = 0;
        t->encoding = "windows-1252";
        return 0;
    }
}

/* Largest file: the arena holds at most the file's bytes plus 16 (a field
 * ends at a delimiter or a line end, whose byte its NUL takes), and its
 * offsets are 32 bits. */
#define MAX_FILE ((size_t)UINT32_MAX - 64)

int pv_table_read(pv_table *t, const char *path, const char *name,
                  const pv_table_opts *o, pv_rejects *rej, pv_err *err)
{
    return pv_table_read_hooked(t, path, name, o, NULL, rej, err);
}

int pv_table_read_hooked(pv_table *t, const char *path, const char *name,
                         const pv_table_opts *o, const pv_table_hook *h,
                         pv_rejects *rej, pv_err *err)
{
    static const pv_table_opts defaults = {0, PV_ENC_AUTO};
    reader r;
    size_t len, skip, mapped;
    char *buf;
    int st;

    memset(t, 0, sizeof *t);
    memset(&r, 0, sizeof r);
    if (!o)
        o = &defaults;
    t->name = pv_xstrdup(name ? name : path);
    t->delim = (char)o->delim;
    if (!(buf = map_file(path, &len, &mapped, err)))
        return err->status;
    t->bytes = len;
    if ((st = settle_encoding(t, &buf, &len, &mapped, &skip, o, rej, err)))
        goto out;
    r.map = mapped ? buf : NULL;
    if (len - skip > MAX_FILE) {
        st = refuse(t, rej, buf + skip, len - skip, 1, 1, "", err,
                    "file larger than 4 GB: not supported (split it)");
        goto out;
    }
    if (!t->delim)
        t->delim = (char)detect_delim(buf + skip, len - skip);
    r.t = t;
    r.rej = rej;
    /* The arena never outgrows the input plus one NUL per field; reserving
     * that up front avoids copies (untouched pages cost nothing). */
    t->arena_cap = 2 * (len - skip) + 16;
    r.has_nul = memchr(buf + skip, '\0', len - skip) != NULL;
    t->arena = pv_xmalloc(t->arena_cap);
    r.rows_cap = count_lines(buf + skip, len - skip) + 1;
    r.has_cr = memchr(buf + skip, '\r', len - skip) != NULL;
    /* no quote and the comma as delimiter: no field holds a comma, quote or
     * line end, and libcsv trimmed the spaces at either end of every one */
    t->plain = t->delim == ',' && !memchr(buf + skip, '"', len - skip);
    t->line = pv_xnmalloc(r.rows_cap, sizeof *t->line);
    r.hook = t->plain ? h : NULL;
    parser_start(&r);
    parse_lines(&r, buf + skip, len - skip);
    if (r.have_header >= 0 &&
        csv_fini(&r.p, on_field, on_row, &r) != 0) {
        /* The quote swallowed everything after it: what was kept before it
         * is not the file either, so the whole file is refused and flagged
         * (ingest then stops the run, even with ACCEPT_REJECTS=1). */
        char why[300];
        snprintf(why, sizeof why,
                 "unterminated quoted field: the quote opened on line %ld is never "
                 "closed and swallows the rest of the file (%ld %s, to line %ld: "
                 "%zu bytes); the file is refused",
                 r.field_line, r.cur_line - r.field_line + 1,
                 r.cur_line == r.field_line ? "line" : "lines", r.cur_line,
                 (len - skip) - r.field_pos);
        csv_free(&r.p);
        t->truncated = 1;
        t->n_rows = 0;
        st = refuse(t, rej, buf + skip, len - skip, r.field_line, (int)r.nf + 1, "",
                    err, why);
        goto out;
    }
    csv_free(&r.p);
    if (r.have_header <= 0) {
        st = refuse(t, rej, buf + skip, len - skip, 1, 1, "", err,
                    r.have_header < 0 ? "the header line is not valid CSV"
                                      : "empty file: a header line is expected");
        goto out;
    }
    if (!t->cols) /* or set for the hook: the arena may have moved since */
        t->cols = pv_xnmalloc(t->n_cols + 1, sizeof *t->cols);
    for (size_t i = 0; i < t->n_cols; i++)
        t->cols[i] = t->arena + r.hdr[i];
    st = 0;
out:
    free(r.fo);
    free(r.hdr);
    release(buf, mapped);
    return st;
}

int pv_table_col(const pv_table *t, const char *name)
{
    for (size_t i = 0; i < t->n_cols; i++)
        if (strcmp(t->cols[i], name) == 0)
            return (int)i;
    return -1;
}

void pv_table_free(pv_table *t)
{
    if (!t)
        return;
    free(t->name);
    free(t->cols);
    free(t->line);
    free(t->off);
    free(t->row_off);
    free(t->arena);
    free(t->cell_flags);
    memset(t, 0, sizeof *t);
}
