/*
 * dateline_bm25: FTS5's bm25 ranking, told the document frequencies it would otherwise count.
 *
 * FTS5's built-in bm25() starts every query by walking the whole posting list of each phrase
 * to count the rows that hold it (its IDF). A Dateline query ORs every inflection of every
 * word ("rates" -> rate, rated, rates, rating, ratings), so that count walks up to a few
 * dozen lists, and on the Reuters benchmark it was two thirds of a quote search's statement.
 * The counts of single words are already in memory (the fts5vocab vocabulary the search
 * service loads), so this function takes them as its fourth argument, one integer per phrase
 * in the order the phrases appear in the MATCH expression, and counts only the phrases given
 * as -1 (multi-word phrases, prefixes, or anything the caller does not know). bm25() also
 * reads each matching row's length from %_docsize with a statement of its own; the fifth
 * argument is that row's record, joined by the caller's statement. Everything else is bm25
 * as FTS5 defines it, operation for operation, so the scores are the same numbers bm25()
 * returns.
 *
 * The module is a Python extension with one function,
 * install(connection, connection_type, library), which registers the ranking function on a
 * sqlite3.Connection. It includes no SQLite header and links no SQLite library: it looks
 * the few C functions it needs up in the SQLite that Python's own _sqlite3 module runs
 * (``library`` is that module's file), so both always use the same copy of SQLite. The
 * FTS5 structures below follow the public fts5.h interface.
 */

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <dlfcn.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* --- The slice of the SQLite and FTS5 C interface used here (public, stable ABI). --- */

typedef struct sqlite3 sqlite3;
typedef struct sqlite3_stmt sqlite3_stmt;
typedef struct sqlite3_context sqlite3_context;
typedef struct sqlite3_value sqlite3_value;
typedef long long sqlite3_int64;

#define SQLITE_OK 0
#define SQLITE_NOMEM 7

typedef struct Fts5Context Fts5Context;
typedef struct Fts5ExtensionApi Fts5ExtensionApi;
struct Fts5ExtensionApi {
    int iVersion;
    void *(*xUserData)(Fts5Context *);
    int (*xColumnCount)(Fts5Context *);
    int (*xRowCount)(Fts5Context *, sqlite3_int64 *);
    int (*xColumnTotalSize)(Fts5Context *, int, sqlite3_int64 *);
    int (*xTokenize)(Fts5Context *, const char *, int, void *,
                     int (*)(void *, int, const char *, int, int, int));
    int (*xPhraseCount)(Fts5Context *);
    int (*xPhraseSize)(Fts5Context *, int);
    int (*xInstCount)(Fts5Context *, int *);
    int (*xInst)(Fts5Context *, int, int *, int *, int *);
    sqlite3_int64 (*xRowid)(Fts5Context *);
    int (*xColumnText)(Fts5Context *, int, const char **, int *);
    int (*xColumnSize)(Fts5Context *, int, int *);
    int (*xQueryPhrase)(Fts5Context *, int, void *,
                        int (*)(const Fts5ExtensionApi *, Fts5Context *, void *));
    int (*xSetAuxdata)(Fts5Context *, void *, void (*)(void *));
    void *(*xGetAuxdata)(Fts5Context *, int);
    /* Later members are not used and not declared. */
};

typedef void (*fts5_extension_function)(const Fts5ExtensionApi *, Fts5Context *,
                                        sqlite3_context *, int, sqlite3_value **);

typedef struct fts5_api fts5_api;
struct fts5_api {
    int iVersion;
    int (*xCreateTokenizer)(fts5_api *, const char *, void *, void *, void (*)(void *));
    int (*xFindTokenizer)(fts5_api *, const char *, void **, void *);
    int (*xCreateFunction)(fts5_api *, const char *, void *, fts5_extension_function,
                           void (*)(void *));
};

/* The SQLite functions this module calls, found at install time. */
static struct {
    int (*prepare_v2)(sqlite3 *, const char *, int, sqlite3_stmt **, const char **);
    int (*bind_pointer)(sqlite3_stmt *, int, void *, const char *, void (*)(void *));
    int (*step)(sqlite3_stmt *);
    int (*finalize)(sqlite3_stmt *);
    const char *(*errmsg)(sqlite3 *);
    void *(*malloc64)(unsigned long long);
    void (*free)(void *);
    double (*value_double)(sqlite3_value *);
    const void *(*value_blob)(sqlite3_value *);
    int (*value_bytes)(sqlite3_value *);
    const unsigned char *(*value_text)(sqlite3_value *);
    void (*result_double)(sqlite3_context *, double);
    void (*result_error_code)(sqlite3_context *, int);
} api;
static int api_loaded = 0;

#define FUNCTION_NAME "dateline_bm25"
/* The arguments after the table: the weights of its two columns, the phrase counts, and the
 * row's %_docsize record. */
#define WEIGHT_ARGUMENTS 2
#define COUNTS_ARGUMENT WEIGHT_ARGUMENTS
#define SIZES_ARGUMENT (COUNTS_ARGUMENT + 1)

/* --- The ranking function. --- */

typedef struct {
    int phrases;
    double average_length; /* tokens per row, all columns */
    double *idf;           /* one per phrase */
    double *frequency;     /* one per phrase; scratch space for the current row */
} Statistics;

static int count_row(const Fts5ExtensionApi *fts, Fts5Context *context, void *counter) {
    (void)fts;
    (void)context;
    (*(sqlite3_int64 *)counter)++;
    return SQLITE_OK;
}

/* The next phrase's count from the caller's list ("12 7 -1"), or -1 if not given. */
static sqlite3_int64 given_count(const char **cursor) {
    char *end;
    long long value;
    if (*cursor == NULL) return -1;
    value = strtoll(*cursor, &end, 10);
    if (end == *cursor) {
        *cursor = NULL; /* the list ended (or is not numbers): count the rest */
        return -1;
    }
    *cursor = end;
    return value;
}

/* Computed on the first row of a query and kept with it, as bm25() does. */
static int statistics(const Fts5ExtensionApi *fts, Fts5Context *context, sqlite3_value *counts,
                      Statistics **out) {
    Statistics *stats = (Statistics *)fts->xGetAuxdata(context, 0);
    sqlite3_int64 rows = 0, tokens = 0;
    const char *cursor;
    int rc, i, phrases;

    if (stats != NULL) {
        *out = stats;
        return SQLITE_OK;
    }
    phrases = fts->xPhraseCount(context);
    stats = (Statistics *)api.malloc64(sizeof(Statistics) + 2 * sizeof(double) * (size_t)phrases);
    if (stats == NULL) return SQLITE_NOMEM;
    memset(stats, 0, sizeof(Statistics) + 2 * sizeof(double) * (size_t)phrases);
    stats->phrases = phrases;
    stats->idf = (double *)&stats[1];
    stats->frequency = &stats->idf[phrases];

    rc = fts->xRowCount(context, &rows);
    if (rc == SQLITE_OK) rc = fts->xColumnTotalSize(context, -1, &tokens);
    if (rc == SQLITE_OK) stats->average_length = (double)tokens / (double)rows;

    cursor = counts ? (const char *)api.value_text(counts) : NULL;
    for (i = 0; rc == SQLITE_OK && i < phrases; i++) {
        sqlite3_int64 hits = given_count(&cursor);
        double idf;
        if (hits < 0) {
            hits = 0;
            rc = fts->xQueryPhrase(context, i, &hits, count_row);
        } else if (hits > rows) {
            hits = rows; /* a count from an older vocabulary: never more rows than exist */
        }
        /* The IDF as bm25() computes it, floored at 1e-6 for a phrase in most rows. */
        idf = log(((double)rows - (double)hits + 0.5) / ((double)hits + 0.5));
        if (!(idf > 0.0)) idf = 1e-6;
        stats->idf[i] = idf;
    }
    if (rc == SQLITE_OK) rc = fts->xSetAuxdata(context, stats, api.free);
    else api.free(stats);
    *out = rc == SQLITE_OK ? stats : NULL;
    return rc;
}

/* The row's token count from its %_docsize record: one SQLite varint per column (big-endian
 * groups of seven bits, the high bit set on every byte but the last), summed. */
static int sizes_total(sqlite3_value *value, int *total) {
    const unsigned char *p = (const unsigned char *)api.value_blob(value);
    int n = api.value_bytes(value), i = 0;
    long long sum = 0;
    if (p == NULL) return 0;
    while (i < n) {
        long long v = 0;
        int used = 0;
        do {
            if (i >= n || ++used > 4) return 0; /* no column holds 2^28 tokens */
            v = (v << 7) | (p[i] & 0x7f);
        } while (p[i++] & 0x80);
        sum += v;
    }
    if (sum > 0x7fffffff) return 0;
    *total = (int)sum;
    return 1;
}

static void dateline_bm25(const Fts5ExtensionApi *fts, Fts5Context *context,
                          sqlite3_context *result, int argc, sqlite3_value **argv) {
    const double k1 = 1.2, b = 0.75;
    Statistics *stats = NULL;
    double score = 0.0, length = 0.0;
    int rc, i, instances = 0;

    rc = statistics(fts, context, argc > COUNTS_ARGUMENT ? argv[COUNTS_ARGUMENT] : NULL, &stats);
    if (rc == SQLITE_OK) {
        memset(stats->frequency, 0, sizeof(double) * (size_t)stats->phrases);
        rc = fts->xInstCount(context, &instances);
    }
    for (i = 0; rc == SQLITE_OK && i < instances; i++) {
        int phrase, column, offset;
        rc = fts->xInst(context, i, &phrase, &column, &offset);
        if (rc == SQLITE_OK) {
            double weight = (column < WEIGHT_ARGUMENTS && column < argc)
                                ? api.value_double(argv[column])
                                : 1.0;
            stats->frequency[phrase] += weight;
        }
    }
    if (rc == SQLITE_OK) {
        int row_tokens = 0;
        if (argc <= SIZES_ARGUMENT || !sizes_total(argv[SIZES_ARGUMENT], &row_tokens))
            rc = fts->xColumnSize(context, -1, &row_tokens);
        length = (double)row_tokens;
    }
    for (i = 0; rc == SQLITE_OK && i < stats->phrases; i++) {
        double f = stats->frequency[i];
        score += stats->idf[i] *
                 ((f * (k1 + 1.0)) / (f + k1 * (1 - b + b * length / stats->average_length)));
    }
    if (rc == SQLITE_OK) api.result_double(result, -1.0 * score);
    else api.result_error_code(result, rc);
}

/* --- Installing it on a Python sqlite3 connection. --- */

/* CPython's sqlite3.Connection object starts with its sqlite3 handle, right after the object
 * header, in every version this project supports (3.11 to 3.13); install() is only called
 * with a sqlite3.Connection (or subclass), which it checks. */
typedef struct {
    PyObject_HEAD sqlite3 *db;
} ConnectionObject;

static int load_api(const char *library) {
    void *handle;
    if (api_loaded) return 1;
    /* Only a library already loaded (by _sqlite3) is accepted: never a second SQLite. */
    handle = dlopen(library, RTLD_NOW | RTLD_NOLOAD);
    if (handle == NULL) {
        PyErr_Format(PyExc_RuntimeError, "cannot find the loaded SQLite in %s", library);
        return 0;
    }
#define FIND(member, symbol)                                                          \
    *(void **)(&api.member) = dlsym(handle, symbol);                                  \
    if (api.member == NULL) {                                                         \
        PyErr_Format(PyExc_RuntimeError, "the loaded SQLite has no %s", symbol);      \
        return 0;                                                                     \
    }
    FIND(prepare_v2, "sqlite3_prepare_v2")
    FIND(bind_pointer, "sqlite3_bind_pointer")
    FIND(step, "sqlite3_step")
    FIND(finalize, "sqlite3_finalize")
    FIND(errmsg, "sqlite3_errmsg")
    FIND(malloc64, "sqlite3_malloc64")
    FIND(free, "sqlite3_free")
    FIND(value_double, "sqlite3_value_double")
    FIND(value_text, "sqlite3_value_text")
    FIND(value_blob, "sqlite3_value_blob")
    FIND(value_bytes, "sqlite3_value_bytes")
    FIND(result_double, "sqlite3_result_double")
    FIND(result_error_code, "sqlite3_result_error_code")
#undef FIND
    api_loaded = 1;
    return 1;
}

static PyObject *install(PyObject *module, PyObject *args) {
    PyObject *connection, *connection_type;
    const char *library;
    sqlite3 *db;
    sqlite3_stmt *statement = NULL;
    fts5_api *fts5 = NULL;
    int rc;
    (void)module;

    if (!PyArg_ParseTuple(args, "OO!s", &connection, &PyType_Type, &connection_type, &library))
        return NULL;
    if (!PyObject_TypeCheck(connection, (PyTypeObject *)connection_type)) {
        PyErr_SetString(PyExc_TypeError, "install() needs a sqlite3.Connection");
        return NULL;
    }
    if (!load_api(library)) return NULL;
    db = ((ConnectionObject *)connection)->db;
    if (db == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "the connection is closed");
        return NULL;
    }
    /* The documented way to reach the FTS5 API of a connection. */
    rc = api.prepare_v2(db, "SELECT fts5(?1)", -1, &statement, NULL);
    if (rc == SQLITE_OK) {
        api.bind_pointer(statement, 1, (void *)&fts5, "fts5_api_ptr", NULL);
        api.step(statement);
    }
    api.finalize(statement);
    if (rc != SQLITE_OK || fts5 == NULL || fts5->iVersion < 2) {
        PyErr_Format(PyExc_RuntimeError, "this SQLite offers no FTS5 API (%s)", api.errmsg(db));
        return NULL;
    }
    rc = fts5->xCreateFunction(fts5, FUNCTION_NAME, NULL, dateline_bm25, NULL);
    if (rc != SQLITE_OK) {
        PyErr_Format(PyExc_RuntimeError, "FTS5 refused %s (code %d)", FUNCTION_NAME, rc);
        return NULL;
    }
    Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
    {"install", install, METH_VARARGS,
     "install(connection, connection_type, library): register " FUNCTION_NAME
     " on a sqlite3 connection; library is the file of the _sqlite3 module."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef definition = {
    PyModuleDef_HEAD_INIT,
    .m_name = "_ranking",
    .m_doc = "FTS5 bm25 ranking with document frequencies supplied by the caller.",
    .m_size = -1,
    .m_methods = methods,
};

PyMODINIT_FUNC PyInit__ranking(void) { return PyModule_Create(&definition); }
