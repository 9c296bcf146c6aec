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

                {{RepeatedTermFunction}}

                {{WordsVectorFunction}}

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
    /// Run by the second migration: phrases read from the index. Each link's vector also holds
    /// its pairs of neighbouring words ("garden bread", one lexeme with a space, which no typed
    /// word can be), and a typed phrase asks for its pairs beside the phrase itself: the index
    /// finds the few links holding the pairs, where it used to find every link with both words
    /// and check each one's positions (bench/links, 100,000 links: a phrase of two common words
    /// 110 to 24 ms). Each distinct form of a term is asked once (sixteen configurations stem
    /// "w0420" alike: it was sixteen index lookups, and an estimate that walked all of a user's
    /// links). The index is written through at once (no pending list), so a search never
    /// scans the links added since the last vacuum.
    /// </summary>
    public static string PairsUp => $$"""
        CREATE FUNCTION link_search_pairs(v tsvector) RETURNS tsvector LANGUAGE sql IMMUTABLE AS $$
            SELECT coalesce(array_to_tsvector(array_agg(DISTINCT a.lexeme || ' ' || b.lexeme)), ''::tsvector)
            FROM (SELECT lexeme, unnest(positions) AS pos FROM unnest(v)) a
            JOIN (SELECT lexeme, unnest(positions) AS pos FROM unnest(v)) b ON b.pos = a.pos + 1
        $$;

        -- The pairs of a text's words as a query: 'a b' & 'b c', each lexeme quoted.
        CREATE FUNCTION link_search_pairs_query(v tsvector) RETURNS text LANGUAGE sql IMMUTABLE AS $$
            SELECT string_agg('''' || replace(replace(lexeme, '\', '\\'), '''', '''''') || '''', ' & ')
            FROM unnest(link_search_pairs(v))
        $$;

        {{TermFunction}}

        {{WordsVectorFunction.Replace("link_search_vector(", "link_search_words(", StringComparison.Ordinal)}}

        CREATE OR REPLACE FUNCTION link_search_vector(link_id uuid, title text, url text, description text, language text) RETURNS tsvector LANGUAGE sql STABLE AS $$
            SELECT v || link_search_pairs(v) FROM (SELECT link_search_words($1, $2, $3, $4, $5) AS v) words
        $$;

        -- The stored vectors hold the words already: only their pairs are added (five times faster
        -- than reading every link's notes again).
        UPDATE links SET search_vector = search_vector || link_search_pairs(search_vector) WHERE user_id IS NOT NULL AND search_vector IS NOT NULL;

        ALTER INDEX ix_links_search_vector SET (fastupdate = off);
        SELECT gin_clean_pending_list('ix_links_search_vector');
        """;

    public static string PairsDown => $$"""
        ALTER INDEX ix_links_search_vector SET (fastupdate = on);
        {{RepeatedTermFunction}}
        {{WordsVectorFunction}}
        UPDATE links SET search_vector = link_search_vector(id, title, url, description, language) WHERE user_id IS NOT NULL;
        DROP FUNCTION link_search_words(uuid, text, text, text, text);
        DROP FUNCTION link_search_pairs_query(tsvector);
        DROP FUNCTION link_search_pairs(tsvector);
        """;

    /// <summary>
    /// A term typed in a search, as any configuration would have stored it, each distinct form
    /// once; a form of several words also asks for its pairs.
    /// </summary>
    private static string TermFunction
    {
        get
        {
            var configs = string.Join(", ", Configs.Select(c => $"('{c}'::regconfig)"));
            return $$"""
                CREATE OR REPLACE FUNCTION link_search_term(t text) RETURNS tsquery LANGUAGE sql IMMUTABLE AS $$
                    SELECT coalesce(string_agg(DISTINCT form, ' | ')::tsquery, phraseto_tsquery('simple', t))
                    FROM (SELECT '(' || p::text || ')' || coalesce(' & (' || link_search_pairs_query(to_tsvector(c, link_search_fold(t))) || ')', '') AS form
                          FROM (SELECT c, phraseto_tsquery(c, link_search_fold(t)) AS p FROM (VALUES {{configs}}) configs(c)) forms
                          WHERE numnode(p) > 0) distinct_forms
                $$;
                """;
        }
    }

    /// <summary>The first <see cref="TermFunction"/>: every configuration's form, repeated or not.</summary>
    private static string RepeatedTermFunction
    {
        get
        {
            var forms = string.Join(" || ", Configs.Select(c => $"phraseto_tsquery('{c}', link_search_fold(t))"));
            return $$"""
                CREATE OR REPLACE FUNCTION link_search_term(t text) RETURNS tsquery LANGUAGE sql IMMUTABLE AS $$
                    SELECT {{forms}}
                $$;
                """;
        }
    }

    /// <summary>A link's words, weighted. Notes are capped so that a link with many long notes stays under tsvector's 1 MB, pairs included.</summary>
    private const string WordsVectorFunction = """
        CREATE OR REPLACE FUNCTION link_search_vector(link_id uuid, title text, url text, description text, language text) RETURNS tsvector LANGUAGE sql STABLE AS $$
            SELECT setweight(to_tsvector(c, link_search_fold(title)), 'A')
                || setweight(to_tsvector(c, link_search_fold(description)), 'B')
                || setweight(to_tsvector(c, regexp_replace(link_search_fold(url), '[^[:alnum:]]+', ' ', 'g')), 'C')
                || setweight(to_tsvector(c, link_search_fold(left((SELECT string_agg(n.content, ' ' ORDER BY n.created_at) FROM notes n WHERE n.link_id = $1), 200000))), 'C')
            FROM (SELECT link_search_config(language) AS c) config
        $$;
        """;

    private static IEnumerable<string> Configs => Languages.Select(l => l.Config).Distinct().Append("simple");

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
