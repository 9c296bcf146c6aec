using System.Globalization;
using System.Text.Json;
using System.Xml;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace Flusio.Feeds.Discovery;

/// <summary>
/// Reads the metadata of a fetched page for a link: title, description and illustration (Open
/// Graph, then Twitter cards, then plain HTML), reading time, canonical URL, language and announced
/// feeds. Pure: takes HTML and the page URL, fetches nothing.
/// </summary>
public static class PageMetadataExtractor
{
    private const int WordsPerMinute = 200;

    private static readonly HashSet<string> SkippedForReading = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "nav", "noscript", "template", "svg", "iframe",
    };

    public static PageMetadata Extract(string html, Uri pageUrl)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(pageUrl);
        using var document = HtmlPages.Parse(html);
        return new PageMetadata(
            Title: Text.PlainText.FromHtml(Meta(document, "og:title", "twitter:title") ?? document.Title),
            Description: Text.PlainText.FromHtml(Meta(document, "og:description", "twitter:description", "description")),
            Illustration: AbsoluteUrl(pageUrl, Meta(document, "og:image", "og:image:url", "og:image:secure_url", "twitter:image", "twitter:image:src")),
            ReadingTimeMinutes: ReadingTime(document),
            Canonical: AbsoluteUrl(pageUrl, document.QuerySelector("link[rel=canonical][href]")?.GetAttribute("href")),
            Language: Language(document),
            Feeds: FeedLinkExtractor.Alternates(document, pageUrl));
    }

    // <meta property="og:x">, <meta name="x">: both spellings exist in the wild for every key.
    private static string? Meta(IHtmlDocument document, params string[] keys)
    {
        foreach (var key in keys)
        {
            foreach (var meta in document.QuerySelectorAll("meta[content]"))
            {
                var name = meta.GetAttribute("property") ?? meta.GetAttribute("name") ?? meta.GetAttribute("itemprop");
                var content = meta.GetAttribute("content");
                if (string.Equals(name, key, StringComparison.OrdinalIgnoreCase) && !string.IsNullOrWhiteSpace(content))
                {
                    return content;
                }
            }
        }

        return null;
    }

    private static Uri? AbsoluteUrl(Uri pageUrl, string? href) => FeedLinkExtractor.Resolve(pageUrl, href);

    private static string? Language(IHtmlDocument document)
    {
        var lang = document.DocumentElement.GetAttribute("lang")?.Trim();
        if (string.IsNullOrEmpty(lang))
        {
            lang = Meta(document, "og:locale")?.Trim().Replace('_', '-');
        }

        return string.IsNullOrEmpty(lang) ? null : lang;
    }

    private static int ReadingTime(IHtmlDocument document)
    {
        if (DeclaredDuration(document) is { } duration && duration > TimeSpan.Zero)
        {
            return (int)Math.Ceiling(duration.TotalMinutes);
        }

        var root = document.QuerySelector("main") ?? document.QuerySelector("article") ?? document.Body;
        var words = root is null ? 0 : CountWords(root);
        return (words + WordsPerMinute - 1) / WordsPerMinute;
    }

    // video:duration and og:video:duration are seconds; schema.org durations are ISO 8601 (PT4M13S).
    private static TimeSpan? DeclaredDuration(IHtmlDocument document)
    {
        var seconds = Meta(document, "video:duration", "og:video:duration");
        if (long.TryParse(seconds, NumberStyles.None, CultureInfo.InvariantCulture, out var s))
        {
            return TimeSpan.FromSeconds(s);
        }

        return IsoDuration(Meta(document, "duration")) ?? JsonLdDuration(document);
    }

    private static TimeSpan? JsonLdDuration(IHtmlDocument document)
    {
        foreach (var script in document.QuerySelectorAll("script[type='application/ld+json']"))
        {
            try
            {
                using var json = JsonDocument.Parse(script.TextContent, new JsonDocumentOptions { MaxDepth = 32 });
                if (FindDuration(json.RootElement, depth: 0) is { } duration)
                {
                    return duration;
                }
            }
            catch (JsonException)
            {
                // Broken structured data is common; the word count will do.
            }
        }

        return null;
    }

    private static TimeSpan? FindDuration(JsonElement element, int depth)
    {
        if (depth > 8)
        {
            return null;
        }

        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                var value = property.Value;
                if (property.NameEquals("duration") && value.ValueKind == JsonValueKind.String
                    && IsoDuration(value.GetString()) is { } duration)
                {
                    return duration;
                }

                if (FindDuration(value, depth + 1) is { } nested)
                {
                    return nested;
                }
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                if (FindDuration(item, depth + 1) is { } nested)
                {
                    return nested;
                }
            }
        }

        return null;
    }

    private static TimeSpan? IsoDuration(string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || !value.TrimStart().StartsWith('P'))
        {
            return null;
        }

        try
        {
            return XmlConvert.ToTimeSpan(value.Trim());
        }
        catch (FormatException)
        {
            return null;
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    private static int CountWords(INode node)
    {
        if (node is IElement element && SkippedForReading.Contains(element.LocalName))
        {
            return 0;
        }

        if (node.NodeType == NodeType.Text)
        {
            return Words(node.TextContent);
        }

        var count = 0;
        foreach (var child in node.ChildNodes)
        {
            count += CountWords(child);
        }

        return count;
    }

    private static int Words(string text)
    {
        var count = 0;
        var inWord = false;
        foreach (var c in text)
        {
            var isWordChar = char.IsLetterOrDigit(c);
            if (isWordChar && !inWord)
            {
                count++;
            }

            inWord = isWordChar || (inWord && !char.IsWhiteSpace(c));
        }

        return count;
    }
}
