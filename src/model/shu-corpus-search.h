/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "shu-project.h"
#include "shu-search.h"

G_BEGIN_DECLS

/* Code points shown either side of a match unless the query says. */
#define SHU_CORPUS_SEARCH_CONTEXT 40

/**
 * ShuCorpusQuery:
 * @text: (nullable): words to find in the texts, folded by @flags
 * @label: (nullable): a project label's id or name (a label the code book
 *   lacks: its id or name in the documents)
 * @creator: (nullable): the annotator's name, exactly
 * @comment: (nullable): words that must all occur in the annotation's
 *   comments, folded by @flags
 * @flags: how the text and the comment words are compared
 * @context: code points shown either side; 0 for
 *   SHU_CORPUS_SEARCH_CONTEXT
 * @attribute: (nullable): "NAME" (the annotation has that attribute,
 *   whatever its value) or "NAME=VALUE" (with that value, exactly)
 * @relation: (nullable): a relation type: the annotation is an end (or
 *   trigger) of a relation of that type; SHU_CORPUS_ANY_RELATION for any
 *
 * With @text only, every place the text occurs is a hit. With annotation
 * conditions only (@label, @creator, @comment, @attribute, @relation),
 * every annotation meeting
 * all of them is a hit, at its extent. With both, a place the text occurs
 * is a hit when it lies inside one range of such an annotation.
 */
typedef struct
{
  const char     *text;
  const char     *label;
  const char     *creator;
  const char     *comment;
  ShuSearchFlags  flags;
  guint           context;
  const char     *attribute;
  const char     *relation;
} ShuCorpusQuery;

/* The @relation of a query for annotations in any relation. */
#define SHU_CORPUS_ANY_RELATION "*"

/**
 * ShuCorpusHit:
 * @document: the project's document it is in
 * @start, @end: the match, in code points of that text (where to open it)
 * @before, @match, @after: the keyword in context: the matched text and
 *   up to the query's context either side, on grapheme boundaries, with
 *   line breaks and tabs shown as spaces (the offsets are those of the
 *   text)
 * @annotation: (nullable): the annotation that matched, for annotation
 *   queries
 */
typedef struct
{
  ShuProjectDocument *document;
  guint               start;
  guint               end;
  char               *before;
  char               *match;
  char               *after;
  ShuAnnotation      *annotation;
} ShuCorpusHit;

void       shu_corpus_hit_free          (ShuCorpusHit         *hit);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ShuCorpusHit, shu_corpus_hit_free)

/* Whether @query asks anything (an empty one finds nothing). */
gboolean   shu_corpus_query_is_empty    (const ShuCorpusQuery *query);

/**
 * shu_corpus_search:
 *
 * Searches every readable document of @project (after a scan), grouped by
 * document in the list's order and by position within each. A document
 * the scan took from the project's index is read now, and only when it
 * may hold the query's text (shu_project_document_may_contain()): its
 * text for a text query, its sidecar too for annotation conditions. Each
 * document's folded text is kept for the next search (see #ShuSearch), so
 * a search is not safe to run while another runs on the same project.
 *
 * Returns: (transfer full) (element-type ShuCorpusHit): the hits, or NULL
 *   when cancelled
 */
GPtrArray *shu_corpus_search            (ShuProject           *project,
                                         const ShuCorpusQuery *query,
                                         GCancellable         *cancellable,
                                         GError              **error);
/* The same in a worker thread; @query is copied. */
void       shu_corpus_search_async      (ShuProject           *project,
                                         const ShuCorpusQuery *query,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
GPtrArray *shu_corpus_search_finish     (ShuProject           *project,
                                         GAsyncResult         *result,
                                         GError              **error);

/* One hit as a line of text: "before[match]after", with the match in the
 * middle of the line's context. (transfer full) */
char      *shu_corpus_hit_format        (const ShuCorpusHit   *hit);

G_END_DECLS
