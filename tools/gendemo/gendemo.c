/* gendemo — write the synthetic demo dataset of proxeval.
 *
 *     gendemo [--data DIR] [--scale N] [--seed S] OUTDIR
 *
 * Writes config.csv, codes.csv, territories.csv, families.csv, children.csv
 * and referrals.csv (participation), instruments.csv, items.csv,
 * scales.csv, mapping_parents.csv and the responses of the four
 * questionnaires (parents, outreach workers, managers, partners), and
 * codebook.csv, sessions.csv, excerpts.csv, codings.csv and privacy.csv
 * (focus groups and interviews) into OUTDIR, laid out as data/README.md
 * says.  The data are drawn with GSL's MT19937 from a fixed default seed,
 * so the same seed and scale give byte-identical files (no clock, no
 * locale, no environment).
 *
 * The texts and lists it draws from (code lists, territories, question
 * bank, codebook, excerpt templates ...) are the CSV files of
 * tools/gendemo/data/ (described in its README.md), read with the
 * project's CSV reader and checked like any input: a bad file is reported
 * as file:line:column and nothing is written.
 *
 * The questionnaires are the same at every scale (their own generator,
 * seeded from --seed only).  The parents' responses are a LimeSurvey-like
 * export with its own column codes (mapped by mapping_parents.csv).  The
 * partners' responses are written as responses_partners.csv only: the
 * dataset names responses_partners.sav, which PSPP makes from that CSV
 * (tools/partners_sav.sps) — SPSS files are never written by our code.
 *
 * The focus groups are the same at every scale too (a third generator):
 * French quotes written from templates by respondent group, coded by a
 * main coder, a fifth of them double-coded and a few sessions coded by a
 * third coder; a few quote a name or a place listed in privacy.csv.
 *
 * At --scale 1 the files reproduce exactly the pilot's published headline
 * figures (PILOT below).  At --scale N there are N times as many families,
 * children and referrals in the same 50 territories, with the same shares;
 * used for benchmarks.
 *
 * Exact totals come from exact allocation (largest-remainder apportionment,
 * dealing a shuffled deck, Knuth's selection sampling, a multinomial with a
 * fixed total), never from independent Bernoulli draws.
 *
 * tests/gendemo.sh checks that it rewrites data/demo byte for byte.
 */
#include "gendemo.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <gsl/gsl_randist.h>

#include "value.h"

const struct pilot_targets PILOT = {50, 13, 41, 7, 2, 5305, 3236, 10036, 5921, 10241, 8500};

#define DEFAULT_SEED 20250331UL
#define MAX_SCALE 10000L
/* The data files: the Makefile gives their absolute path, so that gendemo
 * runs from any folder (bench/run.sh); by hand, from the repository root. */
#ifndef GENDEMO_DATA
#define GENDEMO_DATA "tools/gendemo/data"
#endif

/* ======================================================================
 * Errors
 * ====================================================================== */

static const char *current_tmp; /* temporary file to remove on error */

/* Every exit with a file half written removes it: die_io, die_internal,
 * and pv_xalloc_die when memory runs out (all call exit). */
static void remove_current_tmp(void)
{
    if (current_tmp)
        remove(current_tmp);
}

void die_io(const char *path, int err)
{
    fprintf(stderr, "gendemo: %s: %s\n", path, strerror(err));
    exit(PV_EXIT_IO);
}

void die_internal(const char *what)
{
    fprintf(stderr, "gendemo: internal error: %s\n", what);
    exit(PV_EXIT_IO);
}

/* ======================================================================
 * Output files: temporary name, big buffer, rename
 * ====================================================================== */

#define OUT_BUFFER_SIZE (1 << 20)

static char out_buffer[OUT_BUFFER_SIZE]; /* one file is open at a time */

void out_open(out_file *o, const char *dir, const char *name)
{
    if ((size_t)snprintf(o->path, sizeof o->path, "%s/%s", dir, name) >= sizeof o->path ||
        (size_t)snprintf(o->tmp, sizeof o->tmp, "%s/.%s.tmp", dir, name) >= sizeof o->tmp)
        die_io(dir, ENAMETOOLONG);
    o->fp = fopen(o->tmp, "wb");
    if (!o->fp)
        die_io(o->tmp, errno);
    current_tmp = o->tmp;
    setvbuf(o->fp, out_buffer, _IOFBF, sizeof out_buffer);
}

void out_close(out_file *o)
{
    int bad = ferror(o->fp);
    if (fclose(o->fp) != 0 || bad)
        die_io(o->tmp, errno ? errno : EIO);
    if (rename(o->tmp, o->path) != 0)
        die_io(o->path, errno);
    current_tmp = NULL;
}

void csv_field(FILE *fp, const char *s, int last)
{
    if (strpbrk(s, ",\"\r\n")) {
        putc('"', fp);
        for (; *s; s++) {
            if (*s == '"')
                putc('"', fp);
            putc(*s, fp);
        }
        putc('"', fp);
    } else {
        fputs(s, fp);
    }
    putc(last ? '\n' : ',', fp);
}

void csv_row(FILE *fp, int n, const char *const *fields)
{
    for (int i = 0; i < n; i++)
        csv_field(fp, fields[i], i == n - 1);
}

void write_table(const char *dir, const char *name, const pv_vtable *vt)
{
    out_file o;
    out_open(&o, dir, name);
    for (size_t c = 0; c < vt->ncols; c++)
        csv_field(o.fp, vt->cols[c].name, c + 1 == vt->ncols);
    for (size_t r = 0; r < vt->n; r++)
        for (size_t c = 0; c < vt->ncols; c++)
            csv_field(o.fp, pv_vtable_str(vt, r, c), c + 1 == vt->ncols);
    out_close(&o);
}

/* Ids, numbers and dates never need quoting, code values have no comma. */
char *put_str(char *p, const char *s)
{
    while (*s)
        *p++ = *s++;
    return p;
}

char *put_num(char *p, unsigned long v, int width)
{
    char tmp[24];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n < width)
        tmp[n++] = '0';
    while (n)
        *p++ = tmp[--n];
    return p;
}

char *put_id(char *p, char prefix, long n, int width)
{
    *p++ = prefix;
    return put_num(p, (unsigned long)n, width);
}

/* Digits of the zero-padded ids: at least 6, more if the count needs it. */
int id_width(long count)
{
    int w = 1;
    for (long v = count; v >= 10; v /= 10)
        w++;
    return w < 6 ? 6 : w;
}

void format_day(char out[11], long day)
{
    pv_date_iso(out, (int32_t)day);
}

/* ======================================================================
 * Exact allocation
 * ====================================================================== */

/* Split total into k counts proportional to w (largest remainders; ties go
 * to the lower index), so the counts add up to total exactly. */
void apportion(const double *w, size_t k, long total, long *out)
{
    double sum = 0, frac[64];
    long given = 0;
    if (k > sizeof frac / sizeof frac[0])
        die_internal("apportion: too many categories");
    for (size_t i = 0; i < k; i++)
        sum += w[i];
    for (size_t i = 0; i < k; i++) {
        double q = (double)total * w[i] / sum;
        out[i] = (long)q;
        frac[i] = q - (double)out[i];
        given += out[i];
    }
    for (; given < total; given++) {
        size_t best = 0;
        for (size_t i = 1; i < k; i++)
            if (frac[i] > frac[best])
                best = i;
        out[best]++;
        frac[best] = -1;
    }
}

/* Fill deck[0..n-1] with counts[c] copies of each category c, shuffled. */
void deal(gsl_rng *r, const long *counts, size_t k, unsigned char *deck, size_t n)
{
    size_t pos = 0;
    for (size_t c = 0; c < k; c++)
        for (long j = 0; j < counts[c]; j++)
            deck[pos++] = (unsigned char)c;
    if (pos != n)
        die_internal("deal: counts do not add up");
    gsl_ran_shuffle(r, deck, n, sizeof *deck);
}

/* Selection sampling (Knuth, TAOCP 3.4.2 algorithm S): called once per item
 * in order, returns 1 for exactly *need of the *left items. */
int take(gsl_rng *r, long *need, long *left)
{
    int yes = (double)*left * gsl_rng_uniform(r) < (double)*need;
    (*left)--;
    if (yes)
        (*need)--;
    return yes;
}

/* Index drawn with probability proportional to w[0..n-1] (sum > 0). */
size_t pick_weighted(gsl_rng *r, const double *w, size_t n)
{
    double sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += w[i];
    double u = gsl_rng_uniform(r) * sum;
    for (size_t i = 0; i < n; i++) {
        if (u < w[i])
            return i;
        u -= w[i];
    }
    for (size_t i = n; i > 0; i--) /* rounding: the last positive weight */
        if (w[i - 1] > 0)
            return i - 1;
    die_internal("pick_weighted: no positive weight");
}

int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* ======================================================================
 * Command line
 * ====================================================================== */

static void usage(FILE *fp)
{
    fprintf(fp,
            "Usage: gendemo [--data DIR] [--scale N] [--seed S] OUTDIR\n"
            "Write the synthetic demo dataset into OUTDIR: participation (config.csv,\n"
            "codes.csv, territories.csv, families.csv, children.csv, referrals.csv)\n"
            "and questionnaires (instruments.csv, items.csv, scales.csv,\n"
            "mapping_parents.csv, responses_*.csv; the partners' CSV is converted to\n"
            "responses_partners.sav by PSPP: pspp tools/partners_sav.sps) and focus\n"
            "groups (codebook.csv, sessions.csv, excerpts.csv, codings.csv,\n"
            "privacy.csv).\n"
            "\n"
            "  --data DIR the generator's own data files: lists, texts, templates\n"
            "             (default %s)\n"
            "  --scale N  N times as many families, children and referrals\n"
            "             (1..%ld, default 1: the pilot's published figures);\n"
            "             the questionnaires and focus groups are the same at\n"
            "             every scale\n"
            "  --seed S   seed of the MT19937 generator (default %lu)\n"
            "  --help     print this help and exit\n"
            "\n"
            "Same data, seed and scale, same bytes.  Exit status: 0 success,\n"
            "1 bad data files (file:line:column messages), 2 usage error, 3 I/O\n"
            "error.\n",
            GENDEMO_DATA, MAX_SCALE, DEFAULT_SEED);
}

static void usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("gendemo: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputs("\nTry 'gendemo --help'.\n", stderr);
    va_end(ap);
    exit(PV_EXIT_USAGE);
}

/* Unsigned decimal in [lo, hi], the whole string; -1 on failure. */
static int parse_ulong(const char *s, unsigned long lo, unsigned long hi,
                       unsigned long *out)
{
    char *end;
    if (*s < '0' || *s > '9')
        return -1;
    errno = 0;
    unsigned long v = strtoul(s, &end, 10);
    if (errno || *end || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

typedef struct {
    long scale;
    unsigned long seed;
    const char *data, *outdir;
} options;

static options parse_args(int argc, char **argv)
{
    options opt = {1, DEFAULT_SEED, GENDEMO_DATA, NULL};
    int only_operands = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        unsigned long v;
        if (!only_operands && strcmp(a, "--help") == 0) {
            usage(stdout);
            if (fflush(stdout) != 0 || ferror(stdout))
                die_io("stdout", errno ? errno : EIO);
            exit(0);
        } else if (!only_operands && strcmp(a, "--") == 0) {
            only_operands = 1;
        } else if (!only_operands && (strcmp(a, "--scale") == 0 ||
                                      strcmp(a, "--seed") == 0 || strcmp(a, "--data") == 0)) {
            if (i + 1 >= argc)
                usage_error("option '%s' needs a value", a);
            const char *val = argv[++i];
            if (strcmp(a, "--data") == 0) {
                opt.data = val;
            } else if (strcmp(a, "--scale") == 0) {
                if (parse_ulong(val, 1, (unsigned long)MAX_SCALE, &v) != 0)
                    usage_error("--scale: not an integer in 1..%ld: '%s'", MAX_SCALE, val);
                opt.scale = (long)v;
            } else {
                if (parse_ulong(val, 0, 0xFFFFFFFFUL, &v) != 0)
                    usage_error("--seed: not an integer in 0..4294967295: '%s'", val);
                opt.seed = v;
            }
        } else if (!only_operands && a[0] == '-' && a[1] != '\0') {
            usage_error("unknown option '%s'", a);
        } else if (opt.outdir) {
            usage_error("more than one OUTDIR ('%s')", a);
        } else {
            opt.outdir = a;
        }
    }
    if (!opt.outdir)
        usage_error("missing OUTDIR");
    return opt;
}

/* ======================================================================
 * Main
 * ====================================================================== */

int main(int argc, char **argv)
{
    pv_progname = "gendemo";
    atexit(remove_current_tmp);
    pv_xalloc_init();
    options opt = parse_args(argc, argv);
    data_load(opt.data);

    if (mkdir(opt.outdir, 0777) != 0 && errno != EEXIST)
        die_io(opt.outdir, errno);

    write_participation(opt.outdir, opt.seed, opt.scale);
    write_questionnaires(opt.outdir, opt.seed);
    write_qualitative(opt.outdir, opt.seed);

    data_free();
    return 0;
}
