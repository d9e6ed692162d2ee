/* focusgroups.c — focus groups and interviews (the same at every scale):
 * codebook.csv, sessions.csv, excerpts.csv, codings.csv, privacy.csv.
 * The codebook, the excerpt templates and their slots, how much each group
 * talks about each theme and the privacy terms are data files (data.c);
 * how sessions, quotes and codings are drawn is here.  See gendemo.h. */
#include "gendemo.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>

#include "value.h"

/* ======================================================================
 * Model parameters
 * ====================================================================== */

enum session_kind { FOCUS_GROUP, INTERVIEW, N_SESSION_KINDS };
static const char *const SESSION_KIND_NAMES[N_SESSION_KINDS] = {"focus_group", "interview"};

typedef struct {
    enum group group;
    enum session_kind kind;
    int count, min_participants, max_participants;
} session_plan;

static const session_plan SESSION_PLAN[] = {
    {GROUP_PARENT, FOCUS_GROUP, 8, 4, 9},
    {GROUP_PARENT, INTERVIEW, 2, 1, 1},
    {GROUP_WORKER, FOCUS_GROUP, 6, 5, 10},
    {GROUP_WORKER, INTERVIEW, 3, 1, 1},
    {GROUP_MANAGER, FOCUS_GROUP, 2, 4, 7},
    {GROUP_MANAGER, INTERVIEW, 4, 1, 1},
    {GROUP_PARTNER, FOCUS_GROUP, 3, 4, 8},
    {GROUP_PARTNER, INTERVIEW, 2, 1, 1},
};
#define N_SESSION_PLAN (sizeof SESSION_PLAN / sizeof SESSION_PLAN[0])
#define MAX_PARTICIPANTS 10

/* The first workers' focus groups gathered workers of several regions
 * (communities of practice): their region is empty. */
#define INTERREGIONAL_WORKER_GROUPS 2

/* Sessions on weekdays of spring 2025 (from 2025-04-07), after the
 * participation period. */
#define SESSIONS_START_Y 2025
#define SESSIONS_START_M 4
#define SESSIONS_START_D 7
#define SESSIONS_DAYS 77

/* Coded excerpts per session, from min to max inclusive, by kind. */
static const int EXCERPTS_PER_SESSION[N_SESSION_KINDS][2] = {{13, 24}, {9, 17}};

/* Speakers: pseudonyms by group ("Parent C", "TP 4"); how much each
 * participant of a focus group speaks is Gamma(TALK_SHAPE, 1). */
static const char *const SPEAKER_PREFIX[N_GROUPS] = {"Parent", "TP", "Gestionnaire", "Partenaire"};
static const int SPEAKER_LETTERED[N_GROUPS] = {1, 0, 0, 0};
#define TALK_SHAPE 1.5

/* Grammatical gender in the quotes: of the speaker, and of the outreach
 * worker a parent talks about. */
static const double SPEAKER_FEMALE_SHARE[N_GROUPS] = {0.85, 0.85, 0.75, 0.80};
#define TP_FEMALE_SHARE 0.85

/* Templates: each optional code is applied by the main coder with this
 * share; a template quoting a privacy term weighs this much in the draw
 * (and is used once at most). */
#define OPTIONAL_CODE_SHARE 0.5
#define NAMED_TEMPLATE_WEIGHT 2.0

/* C1 codes every excerpt; C2 double-codes an exact share of them; C3 codes
 * every excerpt of a few sessions.  C1 applies the codes of the template
 * (core and drawn optional ones); another coder departs from them: per
 * code, drops it or takes a neighbouring code (a sibling, or the theme);
 * per excerpt, sometimes adds an optional code of the template that C1
 * left out (or a neighbour of its first code). */
static const char *const CODERS[] = {"C1", "C2", "C3"};
enum { CODER_MAIN, CODER_DOUBLE, CODER_THIRD, N_CODERS };
#define DOUBLE_CODED_SHARE 0.20
#define THIRD_CODER_SESSIONS 3
#define CODER_DROP_SHARE 0.10
#define CODER_NEIGHBOUR_SHARE 0.12
#define CODER_EXTRA_SHARE 0.12

/* The qualitative material draws from its own generator, seeded from
 * --seed only, so it is the same at every --scale. */
#define QUALITATIVE_SEED_OFFSET 1299709UL

/* ======================================================================
 * Text of the excerpts
 * ====================================================================== */

static const slot_def *find_slot(const char *name, size_t len, enum group g)
{
    for (size_t i = 0; i < D.n_slots; i++)
        if (strlen(D.slots[i].name) == len && strncmp(D.slots[i].name, name, len) == 0 &&
            (D.slots[i].groups & GROUP_BIT(g)))
            return &D.slots[i];
    return NULL;
}

/* Who speaks: group and grammatical genders. */
typedef struct {
    enum group group;
    int female, tp_female;
} voice;

typedef struct {
    char *p, *end;
} text_buf;

static void buf_put(text_buf *b, const char *s, size_t n)
{
    if (n >= (size_t)(b->end - b->p))
        die_internal("excerpt text too long");
    memcpy(b->p, s, n);
    b->p += n;
    *b->p = '\0';
}

/* Alternative k of an ALT_SEP-separated list. */
static void put_alternative(text_buf *b, const char *list, size_t k)
{
    for (; k > 0; k--)
        list = strchr(list, ALT_SEP) + 1;
    const char *end = strchr(list, ALT_SEP);
    buf_put(b, list, end ? (size_t)(end - list) : strlen(list));
}

static size_t count_alternatives(const char *list)
{
    size_t n = 1;
    for (; *list; list++)
        n += *list == ALT_SEP;
    return n;
}

static void fill_slot(gsl_rng *r, text_buf *b, const slot_def *s, const voice *v)
{
    const char *list = s->fem;
    if ((s->agree == AGREE_SPEAKER && !v->female) || (s->agree == AGREE_TP && !v->tp_female))
        list = s->masc;
    put_alternative(b, list, gsl_rng_uniform_int(r, count_alternatives(list)));
}
/* Upper-case the letter at p (ASCII, or Latin-1 lower case in UTF-8). */
static void capitalise(char *p)
{
    unsigned char *u = (unsigned char *)p;
    if (u[0] >= 'a' && u[0] <= 'z')
        u[0] = (unsigned char)(u[0] - 'a' + 'A');
    else if (u[0] == 0xC3 && u[1] >= 0xA0 && u[1] <= 0xBE && u[1] != 0xB7)
        u[1] = (unsigned char)(u[1] - 0x20);
}

/* Capital letters at the start of the excerpt and of each sentence. */
static void capitalise_sentences(char *s)
{
    capitalise(s);
    for (char *p = s; *p; p++)
        if ((p[0] == '.' || p[0] == '?' || p[0] == '!') && p[1] == ' ')
            capitalise(p + 2);
}

#define NNBSP "\u202F"
#define GUILLEMET_OPEN "\u00AB"
#define GUILLEMET_CLOSE "\u00BB"

/* French spacing: an ordinary space before ? ! : ; or a closing
 * guillemet, or after an opening one, becomes a narrow no-break space. */
static int thin_space_at(const char *in, const char *p)
{
    size_t n = strlen(GUILLEMET_OPEN);
    if (*p != ' ')
        return 0;
    if (p[1] && strchr("?!:;", p[1]))
        return 1;
    if (strncmp(p + 1, GUILLEMET_CLOSE, strlen(GUILLEMET_CLOSE)) == 0)
        return 1;
    return (size_t)(p - in) >= n && strncmp(p - n, GUILLEMET_OPEN, n) == 0;
}

static void french_spacing(const char *in, char *out, size_t size)
{
    text_buf b = {out, out + size};
    *out = '\0';
    for (const char *p = in; *p; p++) {
        if (thin_space_at(in, p))
            buf_put(&b, NNBSP, strlen(NNBSP));
        else
            buf_put(&b, p, 1);
    }
}

#define EXCERPT_MAX 1024

/* The text of one excerpt: the template's slots filled, sentences
 * capitalised, French spacing. */
static void write_excerpt_text(gsl_rng *r, const char *tmpl, const voice *v,
                               char out[EXCERPT_MAX])
{
    char raw[EXCERPT_MAX];
    text_buf b = {raw, raw + sizeof raw};
    raw[0] = '\0';
    for (const char *p = tmpl; *p;) {
        if (*p == '{') {
            const char *end = strchr(p, '}');
            fill_slot(r, &b, find_slot(p + 1, (size_t)(end - p - 1), v->group), v);
            p = end + 1;
        } else {
            const char *next = strchr(p, '{');
            size_t n = next ? (size_t)(next - p) : strlen(p);
            buf_put(&b, p, n);
            p += n;
        }
    }
    capitalise_sentences(raw);
    french_spacing(raw, out, EXCERPT_MAX);
}


/* ======================================================================
 * Drawing sessions, excerpts and codings
 * ====================================================================== */

typedef struct {
    char id[8];
    enum group group;
    enum session_kind kind;
    const char *region; /* "" for an interregional group */
    long day;           /* days since 1970 */
    int participants, order;
} session;

typedef struct {
    int session, speaker, tmpl;
    int codes[N_CODERS][MAX_EXCERPT_CODES], n_codes[N_CODERS]; /* n 0: not coded */
} excerpt;

typedef struct {
    session *sessions;
    size_t n_sessions;
    excerpt *excerpts;
    char **texts; /* of the excerpts, so that none is written twice */
    size_t n_excerpts, cap;
    int *uses, *exhausted; /* by template */
    double *w;             /* scratch: a weight per template */
} qualitative;

static int cmp_session(const void *a, const void *b)
{
    const session *x = a, *y = b;
    if (x->day != y->day)
        return (x->day > y->day) - (x->day < y->day);
    return (x->order > y->order) - (x->order < y->order);
}

/* A weekday of the sessions' window. */
static long session_day(gsl_rng *r)
{
    long first = pv_days_from_civil(SESSIONS_START_Y, SESSIONS_START_M, SESSIONS_START_D);
    for (;;) {
        long d = first + (long)gsl_rng_uniform_int(r, SESSIONS_DAYS);
        int weekday = (int)((d % 7 + 7 + 3) % 7); /* 0 Monday .. 6 Sunday; 1970-01-01 a Thursday */
        if (weekday < 5)
            return d;
    }
}

/* Sessions of SESSION_PLAN, in the regions of territories taken at random
 * (so busier regions hold more), numbered S01.. in date order. */
static void draw_sessions(gsl_rng *r, qualitative *q)
{
    size_t n = 0;
    for (size_t k = 0; k < N_SESSION_PLAN; k++)
        n += (size_t)SESSION_PLAN[k].count;
    q->sessions = pv_xcalloc(n, sizeof *q->sessions);
    q->n_sessions = n;
    int interregional = 0;
    size_t i = 0;
    for (size_t k = 0; k < N_SESSION_PLAN; k++) {
        const session_plan *pl = &SESSION_PLAN[k];
        for (int j = 0; j < pl->count; j++, i++) {
            session *s = &q->sessions[i];
            s->group = pl->group;
            s->kind = pl->kind;
            s->order = (int)i;
            s->participants =
                pl->min_participants +
                (int)gsl_rng_uniform_int(r, (unsigned long)(pl->max_participants -
                                                            pl->min_participants + 1));
            s->region = D.territories[gsl_rng_uniform_int(r, D.n_territories)].region;
            if (pl->group == GROUP_WORKER && pl->kind == FOCUS_GROUP &&
                interregional < INTERREGIONAL_WORKER_GROUPS) {
                s->region = "";
                interregional++;
            }
            s->day = session_day(r);
        }
    }
    qsort(q->sessions, n, sizeof *q->sessions, cmp_session);
    for (i = 0; i < n; i++)
        snprintf(q->sessions[i].id, sizeof q->sessions[i].id, "S%02u", (unsigned)(i + 1) % 100);
}

static double template_weight(const excerpt_template *t)
{
    return t->named ? NAMED_TEMPLATE_WEIGHT : 1.0;
}

#define MAX_THEME_DRAWS 50 /* then a template already used in the session may come back */
#define MAX_TEXT_DRAWS 20  /* fillings of a template tried for a new text */

/* A template for this speaker: a theme by theme_weights.csv, then one of
 * its templates for the group and region, preferably not yet used in the
 * session; a named template is used once at most, and a template whose
 * fillings gave only texts already written is not used again. */
static int pick_template(gsl_rng *r, const qualitative *q, const session *s, const int *used)
{
    double *w = q->w;
    for (int draw = 0;; draw++) {
        if (draw > 100 * MAX_THEME_DRAWS)
            die_internal("no template left for a group");
        int th = (int)pick_weighted(r, D.theme_weight[s->group], D.n_themes);
        double sum = 0;
        for (size_t k = 0; k < D.n_templates; k++) {
            const excerpt_template *t = &D.templates[k];
            int fits = (t->groups & GROUP_BIT(s->group)) &&
                       D.codebook[t->codes[0]].theme == th &&
                       (!t->region || strcmp(t->region, s->region) == 0) &&
                       !q->exhausted[k] && !(t->named && q->uses[k]) &&
                       (!used[k] || draw >= MAX_THEME_DRAWS);
            w[k] = fits ? template_weight(t) : 0;
            sum += w[k];
        }
        if (sum > 0)
            return (int)pick_weighted(r, w, D.n_templates);
    }
}

/* C1's codes of an excerpt: the template's core codes, and each optional
 * one with OPTIONAL_CODE_SHARE. */
static void main_codes(gsl_rng *r, const excerpt_template *t, excerpt *e)
{
    int *out = e->codes[CODER_MAIN], k = 0;
    for (int j = 0; j < t->n_codes; j++)
        if (j < t->n_core || gsl_rng_uniform(r) < OPTIONAL_CODE_SHARE)
            out[k++] = t->codes[j];
    e->n_codes[CODER_MAIN] = k;
}

static int has_code(const int *codes, int n, int c)
{
    for (int i = 0; i < n; i++)
        if (codes[i] == c)
            return 1;
    return 0;
}

/* A code next to c: another child of its theme (or the theme itself when
 * it has none); for a theme, one of its children; -1 if none. */
static int neighbour_code(gsl_rng *r, int c)
{
    const qcode_def *cb = D.codebook;
    int family = D.theme_code[cb[c].theme];
    int *cand = pv_xcalloc(D.n_qcodes, sizeof *cand), n = 0;
    for (size_t i = 0; i < D.n_qcodes; i++)
        if ((int)i != c && cb[i].parent && cb[i].theme == cb[c].theme)
            cand[n++] = (int)i;
    int nb = n == 0 ? (cb[c].parent ? family : -1)
                    : cand[gsl_rng_uniform_int(r, (unsigned long)n)];
    free(cand);
    return nb;
}

/* Another coder's codes, departing from C1's (see CODERS). */
static void other_codes(gsl_rng *r, const excerpt_template *t, excerpt *e, int coder)
{
    const int *ref = e->codes[CODER_MAIN];
    int n_ref = e->n_codes[CODER_MAIN], *out = e->codes[coder], k = 0;
    for (int i = 0; i < n_ref; i++) {
        double u = gsl_rng_uniform(r);
        int c = ref[i];
        if (u < CODER_DROP_SHARE)
            continue;
        if (u < CODER_DROP_SHARE + CODER_NEIGHBOUR_SHARE) {
            int nb = neighbour_code(r, c);
            if (nb >= 0)
                c = nb;
        }
        if (!has_code(out, k, c))
            out[k++] = c;
    }
    if (k == 0)
        out[k++] = ref[0];
    if (k < MAX_EXCERPT_CODES && gsl_rng_uniform(r) < CODER_EXTRA_SHARE) {
        int extra = -1;
        for (int j = t->n_codes - 1; j >= t->n_core && extra < 0; j--) {
            int c = t->codes[j];
            if (!has_code(ref, n_ref, c) && !has_code(out, k, c))
                extra = c;
        }
        if (extra < 0)
            extra = neighbour_code(r, out[0]);
        if (extra >= 0 && !has_code(out, k, extra))
            out[k++] = extra;
    }
    e->n_codes[coder] = k;
}

/* A filling of template k not yet written (kept in q->texts); 0 if
 * MAX_TEXT_DRAWS fillings gave none. */
static int new_text(gsl_rng *r, const qualitative *q, int k, const voice *v,
                    char text[EXCERPT_MAX])
{
    for (int d = 0; d < MAX_TEXT_DRAWS; d++) {
        write_excerpt_text(r, D.templates[k].text, v, text);
        size_t i = 0;
        while (i < q->n_excerpts && strcmp(q->texts[i], text) != 0)
            i++;
        if (i == q->n_excerpts)
            return 1;
    }
    return 0;
}

static excerpt *new_excerpt(qualitative *q, const char *text)
{
    if (q->n_excerpts == q->cap) {
        q->cap = q->cap ? 2 * q->cap : 256;
        q->excerpts = pv_xnrealloc(q->excerpts, q->cap, sizeof *q->excerpts);
        q->texts = pv_xnrealloc(q->texts, q->cap, sizeof *q->texts);
    }
    q->texts[q->n_excerpts] = pv_xstrdup(text);
    excerpt *e = &q->excerpts[q->n_excerpts++];
    memset(e, 0, sizeof *e);
    return e;
}

/* Excerpts of one session: its participants' speaking weights and genders,
 * then for each excerpt a speaker, a template, a new text and C1's codes.
 * Appends to q->excerpts; writes the rows of excerpts.csv to fp. */
static void draw_session_excerpts(gsl_rng *r, qualitative *q, int si, FILE *fp)
{
    const session *s = &q->sessions[si];
    int np = s->participants;
    double talk[MAX_PARTICIPANTS];
    voice v[MAX_PARTICIPANTS];
    for (int i = 0; i < np; i++) {
        talk[i] = gsl_ran_gamma(r, TALK_SHAPE, 1.0);
        v[i].group = s->group;
        v[i].female = gsl_rng_uniform(r) < SPEAKER_FEMALE_SHARE[s->group];
        v[i].tp_female = gsl_rng_uniform(r) < TP_FEMALE_SHARE;
    }
    const int *range = EXCERPTS_PER_SESSION[s->kind];
    int n = range[0] + (int)gsl_rng_uniform_int(r, (unsigned long)(range[1] - range[0] + 1));
    int *used = pv_xcalloc(D.n_templates, sizeof *used);
    for (int j = 0; j < n; j++) {
        int speaker = np > 1 ? (int)pick_weighted(r, talk, (size_t)np) : 0, k;
        char text[EXCERPT_MAX], label[32], id[8];
        for (;;) {
            k = pick_template(r, q, s, used);
            used[k] = 1;
            if (new_text(r, q, k, &v[speaker], text))
                break;
            q->exhausted[k] = 1;
        }
        q->uses[k]++;
        excerpt *e = new_excerpt(q, text);
        e->session = si;
        e->speaker = speaker;
        e->tmpl = k;
        if (SPEAKER_LETTERED[s->group])
            snprintf(label, sizeof label, "%s %c", SPEAKER_PREFIX[s->group], 'A' + speaker % 26);
        else
            snprintf(label, sizeof label, "%s %d", SPEAKER_PREFIX[s->group], speaker + 1);
        snprintf(id, sizeof id, "E%04u", (unsigned)q->n_excerpts % 10000);
        const char *row[] = {id, s->id, label, text};
        csv_row(fp, 4, row);
        main_codes(r, &D.templates[k], e);
    }
    free(used);
}

/* Which excerpts the other coders code: for C2, an exact share of the
 * excerpts, apportioned to the sessions by their size and drawn in each by
 * selection sampling; for C3, every excerpt of THIRD_CODER_SESSIONS
 * sessions. */
static void draw_other_coders(gsl_rng *r, qualitative *q)
{
    double *size = pv_xcalloc(q->n_sessions, sizeof *size);
    long *need_in = pv_xcalloc(q->n_sessions, sizeof *need_in);
    long *left_in = pv_xcalloc(q->n_sessions, sizeof *left_in);
    for (size_t i = 0; i < q->n_excerpts; i++)
        size[q->excerpts[i].session]++;
    apportion(size, q->n_sessions, lround(DOUBLE_CODED_SHARE * (double)q->n_excerpts), need_in);
    for (size_t s = 0; s < q->n_sessions; s++)
        left_in[s] = (long)size[s];
    for (size_t i = 0; i < q->n_excerpts; i++) {
        int s = q->excerpts[i].session;
        if (take(r, &need_in[s], &left_in[s]))
            other_codes(r, &D.templates[q->excerpts[i].tmpl], &q->excerpts[i], CODER_DOUBLE);
    }
    free(size);
    free(need_in);
    free(left_in);

    int *third = pv_xcalloc(q->n_sessions, sizeof *third);
    long need = THIRD_CODER_SESSIONS, left = (long)q->n_sessions;
    for (size_t s = 0; s < q->n_sessions; s++)
        third[s] = take(r, &need, &left);
    for (size_t i = 0; i < q->n_excerpts; i++)
        if (third[q->excerpts[i].session])
            other_codes(r, &D.templates[q->excerpts[i].tmpl], &q->excerpts[i], CODER_THIRD);
    free(third);
}

/* ======================================================================
 * Files
 * ====================================================================== */

static void write_codebook(const char *dir)
{
    static const char *const header[] = {"code", "parent", "label_fr", "label_en", "valence",
                                         "description"};
    out_file o;
    out_open(&o, dir, "codebook.csv");
    csv_row(o.fp, 6, header);
    for (size_t i = 0; i < D.n_qcodes; i++) {
        const qcode_def *c = &D.codebook[i];
        char description[EXCERPT_MAX];
        french_spacing(c->description, description, sizeof description);
        const char *row[] = {c->code, c->parent ? c->parent : "", c->label_fr, c->label_en,
                             c->valence, description};
        csv_row(o.fp, 6, row);
    }
    out_close(&o);
}

static void write_sessions(const char *dir, const qualitative *q)
{
    static const char *const header[] = {"session_id", "kind", "group", "region", "date",
                                         "participants"};
    out_file o;
    out_open(&o, dir, "sessions.csv");
    csv_row(o.fp, 6, header);
    for (size_t i = 0; i < q->n_sessions; i++) {
        const session *s = &q->sessions[i];
        char date[11], participants[16];
        format_day(date, s->day);
        snprintf(participants, sizeof participants, "%d", s->participants);
        const char *row[] = {s->id, SESSION_KIND_NAMES[s->kind], code_of("group", s->group),
                             s->region, date, participants};
        csv_row(o.fp, 6, row);
    }
    out_close(&o);
}

static void write_codings(const char *dir, const qualitative *q)
{
    static const char *const header[] = {"excerpt_id", "coder", "code"};
    out_file o;
    out_open(&o, dir, "codings.csv");
    csv_row(o.fp, 3, header);
    for (size_t i = 0; i < q->n_excerpts; i++) {
        char id[8];
        snprintf(id, sizeof id, "E%04u", (unsigned)(i + 1) % 10000);
        for (int c = 0; c < N_CODERS; c++)
            for (int k = 0; k < q->excerpts[i].n_codes[c]; k++) {
                const char *row[] = {id, CODERS[c], D.codebook[q->excerpts[i].codes[c][k]].code};
                csv_row(o.fp, 3, row);
            }
    }
    out_close(&o);
}

/* All focus-group files, from their own generator (see
 * QUALITATIVE_SEED_OFFSET). */
void write_qualitative(const char *dir, unsigned long seed)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    if (!r)
        pv_xalloc_die();
    gsl_rng_set(r, (seed + QUALITATIVE_SEED_OFFSET) & 0xFFFFFFFFUL);

    qualitative q = {0};
    q.uses = pv_xcalloc(D.n_templates, sizeof *q.uses);
    q.exhausted = pv_xcalloc(D.n_templates, sizeof *q.exhausted);
    q.w = pv_xcalloc(D.n_templates, sizeof *q.w);
    draw_sessions(r, &q);
    write_codebook(dir);
    write_sessions(dir, &q);

    out_file o;
    out_open(&o, dir, "excerpts.csv");
    static const char *const header[] = {"excerpt_id", "session_id", "speaker", "text"};
    csv_row(o.fp, 4, header);
    for (size_t s = 0; s < q.n_sessions; s++)
        draw_session_excerpts(r, &q, (int)s, o.fp);
    out_close(&o);

    draw_other_coders(r, &q);
    write_codings(dir, &q);
    write_table(dir, "privacy.csv", data_table("privacy"));
    for (size_t i = 0; i < q.n_excerpts; i++)
        free(q.texts[i]);
    free(q.texts);
    free(q.sessions);
    free(q.excerpts);
    free(q.uses);
    free(q.exhausted);
    free(q.w);
    gsl_rng_free(r);
}
