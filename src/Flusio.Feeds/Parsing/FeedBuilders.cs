using Flusio.Feeds.Text;

namespace Flusio.Feeds.Parsing;

/// <summary>
/// The feed's fields as they are found. Each field keeps the candidates of the
/// elements that can fill it in order of preference (the format's own element
/// first, then Dublin Core, Atom or iTunes), so document order does not matter.
/// </summary>
internal sealed class FeedBuilder
{
    public FeedFormat Format;
    public readonly Choice Title = new();
    public readonly Choice Link = new();
    public readonly Choice Description = new();
    public readonly Choice Language = new();
    public readonly Choice Image = new();
    public readonly DateChoice Updated = new();
    public readonly CategoryList Categories = new();
    public TimeSpan? Ttl;
    public readonly List<ParsedEntry> Entries = [];

    public ParsedFeed Build() => new()
    {
        Format = Format,
        Title = Title.Value,
        Link = Link.Value,
        Description = Description.Value,
        Language = LanguageTags.Normalize(Language.Value),
        Updated = Updated.Value,
        Image = Image.Value,
        Categories = Categories.Value,
        Ttl = Ttl,
        Entries = Entries,
    };
}

internal sealed class EntryBuilder
{
    public string? Id, IdFallback, PermaLink;
    public readonly Choice Title = new();
    public readonly Choice Link = new();
    public readonly Choice Summary = new();
    public readonly Choice Content = new();
    public readonly Choice Author = new();
    public readonly Choice Image = new();
    public readonly DateChoice Published = new();
    public readonly DateChoice Updated = new();
    public readonly CategoryList Categories = new();
    public readonly EnclosureList Enclosures = new();

    public ParsedEntry Build() => new()
    {
        Id = Id ?? IdFallback,
        Title = Title.Value,
        Link = Link.Value ?? PermaLink,
        Summary = Summary.Value,
        Content = Content.Value,
        Published = Published.Value,
        Updated = Updated.Value,
        Author = Author.Value,
        Categories = Categories.Value,
        Enclosures = Enclosures.Value,
        Image = Image.Value,
    };
}

/// <summary>An entry's media files, each URL once.</summary>
internal sealed class EnclosureList
{
    private List<ParsedEnclosure?>? _enclosures, _mediaEnclosures;
    private Dictionary<string, (bool Media, int At)>? _enclosureAt;

    public IReadOnlyList<ParsedEnclosure> Value => _enclosureAt is null ? [] : [.. Present(_enclosures), .. Present(_mediaEnclosures)];

    /// <summary>
    /// Adds a media file: the format's own (RSS enclosure, Atom's link) come first, then Media
    /// RSS's (<paramref name="media"/>). A URL named again stays one enclosure, placed as the
    /// format's own if either mention is; its type and length are the format's own mention's,
    /// else the first's, each filled from the other mention when missing.
    /// </summary>
    public void Add(string? url, string? type, string? length, bool media = false)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return;
        }
        long? size = long.TryParse(length, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n) && n >= 0 ? n : null;
        var added = new ParsedEnclosure(url, string.IsNullOrWhiteSpace(type) ? null : type.Trim(), size);
        // A map rather than a search of the lists, so that a hostile item of many enclosures stays linear.
        _enclosureAt ??= new Dictionary<string, (bool, int)>(StringComparer.Ordinal);
        if (_enclosureAt.TryGetValue(url, out var known))
        {
            var list = known.Media ? _mediaEnclosures! : _enclosures!;
            var earlier = list[known.At]!;
            if (known.Media && !media)
            {
                list[known.At] = null;
                Append(ref _enclosures, url, false, Merge(added, earlier));
            }
            else
            {
                list[known.At] = Merge(earlier, added);
            }
            return;
        }
        if (media)
        {
            Append(ref _mediaEnclosures, url, true, added);
        }
        else
        {
            Append(ref _enclosures, url, false, added);
        }
    }

    private static ParsedEnclosure Merge(ParsedEnclosure kept, ParsedEnclosure other) =>
        kept with { Type = kept.Type ?? other.Type, Length = kept.Length ?? other.Length };

    private void Append(ref List<ParsedEnclosure?>? list, string url, bool media, ParsedEnclosure enclosure)
    {
        list ??= [];
        _enclosureAt![url] = (media, list.Count);
        list.Add(enclosure);
    }

    private static IEnumerable<ParsedEnclosure> Present(List<ParsedEnclosure?>? list) =>
        list is null ? [] : list.OfType<ParsedEnclosure>();
}

/// <summary>Categories in document order, trimmed, blank ones left out.</summary>
internal sealed class CategoryList
{
    private List<string>? _items;

    public IReadOnlyList<string> Value => (IReadOnlyList<string>?)_items ?? [];

    public void Add(string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            (_items ??= []).Add(value.Trim());
        }
    }
}

/// <summary>A value chosen among candidates ranked 0 (best) and up.</summary>
internal sealed class Choice
{
    private string? _value;
    private int _rank = int.MaxValue;

    public string? Value => _value;

    /// <summary>Keeps <paramref name="value"/> if nothing better (lower rank) was seen; equal rank: first wins.</summary>
    public void Offer(string? value, int rank = 0)
    {
        if (rank < _rank && !string.IsNullOrEmpty(value))
        {
            _value = value;
            _rank = rank;
        }
    }

    /// <summary>Like <see cref="Offer"/>, but a later value of the same rank replaces an earlier one.</summary>
    public void OfferLast(string? value, int rank = 0)
    {
        if (rank <= _rank && !string.IsNullOrEmpty(value))
        {
            _value = value;
            _rank = rank;
        }
    }
}

/// <summary>
/// A date chosen like a <see cref="Choice"/>: lower rank wins, and of equal ranks the first
/// that parses, however many a feed gives.
/// </summary>
internal sealed class DateChoice
{
    private int _rank = int.MaxValue;

    public DateTimeOffset? Value { get; private set; }

    /// <summary>Whether a date of <paramref name="rank"/> would be kept: one that would not need not be parsed.</summary>
    public bool Wants(int rank) => rank < _rank;

    public void Offer(DateTimeOffset? value, int rank = 0)
    {
        if (value is not null && rank < _rank)
        {
            Value = value;
            _rank = rank;
        }
    }
}

/// <summary>Language tags as feeds write them: "en_US" is the locale name some systems use for "en-US".</summary>
internal static class LanguageTags
{
    public static string? Normalize(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null : value.Trim().Replace('_', '-');
}

/// <summary>Author strings as RSS writes them: "jo@example.org (Jo Doe)", "Jo Doe &lt;jo@example.org&gt;".</summary>
internal static class AuthorNames
{
    public static string? FromRss(string? raw)
    {
        var text = PlainText.FromHtml(raw);
        if (text is null)
        {
            return null;
        }
        var open = text.IndexOf('(', StringComparison.Ordinal);
        var close = text.LastIndexOf(')');
        if (open >= 0 && close > open)
        {
            var inside = text[(open + 1)..close].Trim();
            var outside = (text[..open] + text[(close + 1)..]).Trim();
            if (IsEmail(outside) && inside.Length > 0)
            {
                return inside;
            }
            if (IsEmail(inside) && outside.Length > 0)
            {
                return outside;
            }
        }
        var lt = text.IndexOf('<', StringComparison.Ordinal);
        if (lt > 0 && text.EndsWith('>') && IsEmail(text[(lt + 1)..^1]))
        {
            return text[..lt].Trim().Trim('"');
        }
        return text;
    }

    private static bool IsEmail(string s)
    {
        var at = s.IndexOf('@', StringComparison.Ordinal);
        return at > 0 && at < s.Length - 1 && !s.Contains(' ', StringComparison.Ordinal) && s.IndexOf('@', at + 1) < 0;
    }
}
