using System.Text;

namespace Flusio.Web.Data.PostgreSql;

/// <summary>
/// Full-text search of users' links on PostgreSQL: a <c>search_vector</c> column on
/// <c>links</c>, out of EF's model, kept by triggers (on the link's own columns, and on its
/// notes) and read through a GIN index that holds users' links only: feed entries, by the
/// hundred thousand, are never indexed. Weights: title A, description B, URL words and
/// notes C. Each link is stemmed in the configuration of its language ("fr-CA" → french;
/// 'simple' when unknown); a query term matches any configuration's form of itself, so it
/// finds links of every language. Accents are folded (NFD, combining marks dropped) before
/// stemming, on both sides, so "cafe" finds "café" without the unaccent extension.
/// </summary>
public static class LinkSearchSql
{
    /// <summary>Language prefixes and their configuration (PostgreSQL ships these).</summary>
    private static readonly (string Prefix, string Config)[] Languages =
    [
        ("en", "english"), ("fr", "french"), ("de", "german"), ("es", "spanish"), ("it", "italian"),
        ("pt", "portuguese"), ("nl", "dutch"), ("sv", "swedish"), ("da", "danish"), ("nb", "norwegian"),
        ("nn", "norwegian"), ("no", "norwegian"), ("fi", "finnish"), ("ru", "russian"), ("hu", "hungarian"),
        ("ro", "romanian"), ("tr", "turkish"),
    ];

    /// <summary>Run by the migration: the functions, triggers, column and index; existing links indexed.</summary>
    public static string Up
    {
        get
        {
            var cases = string.Join(' ', Languages.Select(l => $"WHEN '{l.Prefix}' THEN '{l.Config}'"));
            return $$"""
                ALTER TABLE links ADD COLUMN search_vector tsvector;

                CREATE FUNCTION link_search_config(language text) RETURNS regconfig LANGUAGE sql IMMUTABLE AS $$
                    SELECT (CASE lower(split_part(replace(coalesce(language, ''), '_', '-'), '-', 1)) {{cases}} ELSE 'simple' END)::regconfig
                $$;

                CREATE FUNCTION link_search_fold(t text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
                    SELECT regexp_replace(normalize(coalesce(t, ''), NFD), '[\u0300-\u036f]', '', 'g')
                $$;

                {{TermFunction}}

                -- Notes are capped so that a link with many long notes stays under tsvector's 1 MB.
                CREATE FUNCTION link_search_vector(link_id uuid, title text, url text, description text, language text) RETURNS tsvector LANGUAGE sql STABLE AS $$
                    SELECT setweight(to_tsvector(c, link_search_fold(title)), 'A')
                        || setweight(to_tsvector(c, link_search_fold(description)), 'B')
                        || setweight(to_tsvector(c, regexp_replace(link_search_fold(url), '[^[:alnum:]]+', ' ', 'g')), 'C')
                        || setweight(to_tsvector(c, link_search_fold(left((SELECT string_agg(n.content, ' ' ORDER BY n.created_at) FROM notes n WHERE n.link_id = $1), 200000))), 'C')
                    FROM (SELECT link_search_config(language) AS c) config
                $$;

                CREATE FUNCTION links_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    NEW.search_vector := link_search_vector(NEW.id, NEW.title, NEW.url, NEW.description, NEW.language);
                    RETURN NEW;
                END
                $$;

                CREATE TRIGGER links_search_vector BEFORE INSERT OR UPDATE OF title, url, description, language ON links
                    FOR EACH ROW WHEN (NEW.user_id IS NOT NULL) EXECUTE FUNCTION links_search_vector();

                CREATE FUNCTION notes_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    UPDATE links SET search_vector = link_search_vector(id, title, url, description, language)
                    WHERE id = coalesce(NEW.link_id, OLD.link_id) AND user_id IS NOT NULL;
                    RETURN NULL;
                END
                $$;

                CREATE TRIGGER notes_search_vector AFTER INSERT OR UPDATE OF content OR DELETE ON notes
                    FOR EACH ROW EXECUTE FUNCTION notes_search_vector();

                UPDATE links SET search_vector = link_search_vector(id, title, url, description, language) WHERE user_id IS NOT NULL;

                CREATE INDEX ix_links_search_vector ON links USING gin (search_vector) WHERE user_id IS NOT NULL;
                """;
        }
    }

    /// <summary>
    /// A term typed in a search, as any configuration would have stored it: each distinct form
    /// once. Most words stem alike in most configurations, and the index is read once per form:
    /// "w0420" used to be looked up 16 times, and PostgreSQL's estimate of 16 alternatives made
    /// it walk all of a user's links for a rare word (bench/links: SQL median 43 to 17 ms).
    /// </summary>
    public static string TermFunction
    {
        get
        {
            var forms = string.Join(", ", Languages.Select(l => l.Config).Distinct().Append("simple").Select(c => $"phraseto_tsquery('{c}', link_search_fold(t))"));
            return $$"""
                CREATE OR REPLACE FUNCTION link_search_term(t text) RETURNS tsquery LANGUAGE sql IMMUTABLE AS $$
                    SELECT coalesce(string_agg(DISTINCT '(' || form::text || ')', ' | ')::tsquery, phraseto_tsquery('simple', t))
                    FROM unnest(ARRAY[{{forms}}]) form
                    WHERE numnode(form) > 0
                $$;
                """;
        }
    }

    /// <summary>The first <see cref="TermFunction"/>: every configuration's form, repeated or not.</summary>
    public static string RepeatedTermFunction
    {
        get
        {
            var forms = string.Join(" || ", Languages.Select(l => l.Config).Distinct().Append("simple").Select(c => $"phraseto_tsquery('{c}', link_search_fold(t))"));
            return $$"""
                CREATE OR REPLACE FUNCTION link_search_term(t text) RETURNS tsquery LANGUAGE sql IMMUTABLE AS $$
                    SELECT {{forms}}
                $$;
                """;
        }
    }

    public const string Down = """
        DROP TRIGGER IF EXISTS notes_search_vector ON notes;
        DROP TRIGGER IF EXISTS links_search_vector ON links;
        DROP FUNCTION IF EXISTS notes_search_vector();
        DROP FUNCTION IF EXISTS links_search_vector();
        DROP FUNCTION IF EXISTS link_search_vector(uuid, text, text, text, text);
        DROP FUNCTION IF EXISTS link_search_term(text);
        DROP FUNCTION IF EXISTS link_search_fold(text);
        DROP FUNCTION IF EXISTS link_search_config(text);
        DROP INDEX IF EXISTS ix_links_search_vector;
        ALTER TABLE links DROP COLUMN IF EXISTS search_vector;
        """;

    /// <summary>
    /// The ids of a user's links that match, best ranked first, then newest. The SQL is made
    /// of placeholders only: every term is a bound value, read by phraseto_tsquery as plain text.
    /// </summary>
    public static (string Sql, object[] Parameters) Query(Guid userId, SearchQuery query, int skip, int take, int candidates)
    {
        var parameters = new List<object> { userId, skip, take, candidates };
        var tsquery = new StringBuilder();
        foreach (var term in query.Included.Concat(query.Excluded))
        {
            parameters.Add(term.Text);
            tsquery.Append(tsquery.Length == 0 ? "" : " && ").Append(term.Excluded ? "!!" : "").Append("link_search_term({").Append(parameters.Count - 1).Append("})");
        }

        // The newest candidates by the GIN index, then only those ranked (ts_rank reads each
        // row's vector: ranking every match of a common word is what costs).
        var sql = $$"""
            SELECT c.id AS "Value"
            FROM (SELECT l.id, l.created_at, l.search_vector, q.query
                  FROM links l, (SELECT {{tsquery}} AS query) q
                  WHERE l.user_id = {0} AND l.search_vector @@ q.query
                  ORDER BY l.created_at DESC, l.id DESC
                  LIMIT {3}) c
            ORDER BY ts_rank(c.search_vector, c.query) DESC, c.created_at DESC, c.id DESC
            OFFSET {1} LIMIT {2}
            """;
        return (sql, [.. parameters]);
    }
}
