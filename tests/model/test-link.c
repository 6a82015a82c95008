/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "shu-annotation-store.h"
#include "shu-link.h"

/* Link to…, without a display: a researcher links "Ruth" (a Person) to
 * "Naomi" as Kin. */

typedef struct
{
  ShuAnnotationStore *store;
} Fixture;

static void
add_annotation (ShuAnnotationStore *store,
                const char         *id,
                guint               start,
                guint               end)
{
  ShuRange range = { start, end };
  g_autoptr(ShuAnnotation) annotation = shu_annotation_new (id, &range, 1, "person", NULL,
                                                            NULL, NULL, NULL);

  g_assert_true (shu_annotation_store_add (store, annotation, NULL));
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(ShuLabelSet) labels = shu_label_set_new ();
  g_autoptr(ShuLabel) person = shu_label_new ("person", "Person", "#3584e4", NULL, '1');

  g_assert_true (shu_label_set_append (labels, person));
  fixture->store = shu_annotation_store_new (labels);
  add_annotation (fixture->store, "urn:uuid:ruth", 0, 4);
  add_annotation (fixture->store, "urn:uuid:naomi", 10, 15);
  shu_annotation_store_mark_saved (fixture->store);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_object (&fixture->store);
}

static const char * const *
person_types (ShuAnnotationStore *store)
{
  return shu_label_get_relation_types (
    shu_label_set_lookup (shu_annotation_store_get_labels (store), "person"));
}

/* The link has brat's roles and the annotator's name; Person now offers
 * Kin; one Undo takes back the link and the type together. */
static void
test_link_and_undo (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) relations = NULL;
  ShuRelation *link;

  g_assert_true (shu_link_annotations (fixture->store, "urn:uuid:ruth", "urn:uuid:naomi", "Kin",
                                       "Tamar"));
  relations = shu_annotation_store_dup_relations (fixture->store);
  g_assert_cmpuint (relations->len, ==, 1);
  link = g_ptr_array_index (relations, 0);
  g_assert_cmpstr (shu_relation_get_type_name (link), ==, "Kin");
  g_assert_cmpstr (shu_relation_get_role (link, 0), ==, "Arg1");
  g_assert_cmpstr (shu_relation_get_target (link, 0), ==, "urn:uuid:ruth");
  g_assert_cmpstr (shu_relation_get_role (link, 1), ==, "Arg2");
  g_assert_cmpstr (shu_relation_get_target (link, 1), ==, "urn:uuid:naomi");
  g_assert_cmpstr (shu_relation_get_creator (link), ==, "Tamar");
  g_assert_true (g_strv_contains (person_types (fixture->store), "Kin"));
  g_assert_cmpstr (shu_annotation_store_get_undo_description (fixture->store), ==, "Link");

  g_assert_true (shu_annotation_store_undo (fixture->store));
  g_assert_cmpuint (shu_annotation_store_get_n_relations (fixture->store), ==, 0);
  g_assert_true (person_types (fixture->store) == NULL
                 || !g_strv_contains (person_types (fixture->store), "Kin"));
  g_assert_false (shu_annotation_store_get_modified (fixture->store));
}

/* A second link of a type the corpus knows takes that type's roles, and
 * declares nothing new. */
static void
test_known_type_roles (Fixture       *fixture,
                       gconstpointer  data)
{
  const char * const roles[] = { "Elder", "Younger" };
  const char * const targets[] = { "urn:uuid:naomi", "urn:uuid:ruth" };
  g_autoptr(ShuRelation) known = shu_relation_new (NULL, SHU_RELATION_LINK, "Kin", NULL, roles,
                                                   targets, 2, NULL, NULL, NULL, NULL, NULL);
  g_autoptr(GPtrArray) relations = NULL;

  g_assert_true (shu_annotation_store_add_relation (fixture->store, known, NULL));
  g_assert_true (shu_link_annotations (fixture->store, "urn:uuid:ruth", "urn:uuid:naomi", "Kin",
                                       NULL));
  relations = shu_annotation_store_dup_relations (fixture->store);
  g_assert_cmpuint (relations->len, ==, 2);
  for (guint i = 0; i < relations->len; i++)
    {
      ShuRelation *relation = g_ptr_array_index (relations, i);

      if (g_strcmp0 (shu_relation_get_target (relation, 0), "urn:uuid:ruth") != 0)
        continue;
      g_assert_cmpstr (shu_relation_get_role (relation, 0), ==, "Elder");
      g_assert_cmpstr (shu_relation_get_role (relation, 1), ==, "Younger");
      g_assert_null (shu_relation_get_creator (relation));
    }
}

/* An end deleted while the dialog was open, or no type typed: nothing
 * changes, and there is nothing to undo. */
static void
test_refused (Fixture       *fixture,
              gconstpointer  data)
{
  g_assert_true (shu_annotation_store_remove (fixture->store, "urn:uuid:naomi", NULL));
  shu_annotation_store_mark_saved (fixture->store);
  g_assert_false (shu_link_annotations (fixture->store, "urn:uuid:ruth", "urn:uuid:naomi",
                                        "Kin", NULL));
  g_assert_false (shu_link_annotations (fixture->store, "urn:uuid:ruth", "urn:uuid:ruth",
                                        "  ", NULL));
  g_assert_cmpuint (shu_annotation_store_get_n_relations (fixture->store), ==, 0);
  g_assert_false (shu_annotation_store_get_modified (fixture->store));
  g_assert_true (person_types (fixture->store) == NULL
                 || person_types (fixture->store)[0] == NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/link/link-and-undo", test_link_and_undo);
  ADD ("/link/known-type-roles", test_known_type_roles);
  ADD ("/link/refused", test_refused);
#undef ADD

  return g_test_run ();
}
