namespace Flusio.Feeds.Parsing;

/// <summary>
/// Reads the dates feeds really publish: RFC 822 (named or numeric zones, with
/// or without weekday and seconds, two-digit years, AM/PM), RFC 3339 and the
/// W3C profile of ISO 8601 (partial dates, fractions, missing zone), and the
/// usual broken mixes of both. Returns UTC, or null when the text is not a date:
/// a feed's unreadable date must never become "now".
/// </summary>
public static class FeedDates
{
    private const int MaxLength = 100;

    public static DateTimeOffset? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > MaxLength)
        {
            return null;
        }
        var span = text.AsSpan().Trim();
        return char.IsAsciiDigit(span[0]) && span.Length >= 4 && IsIsoStart(span)
            ? ParseIso(span)
            : ParseWords(span);
    }

    private static bool IsIsoStart(ReadOnlySpan<char> s) =>
        char.IsAsciiDigit(s[1]) && char.IsAsciiDigit(s[2]) && char.IsAsciiDigit(s[3])
        && (s.Length == 4 || s[4] == '-' || (s.Length >= 8 && char.IsAsciiDigit(s[4])));

    // 2014-07-06T12:56:00.123+02:00, 2014-07-06 12:56Z, 2014-07, 20140706T125600Z ...
    private static DateTimeOffset? ParseIso(ReadOnlySpan<char> s)
    {
        var i = 0;
        if (!Number(s, ref i, 4, 4, out var year))
        {
            return null;
        }
        int month = 1, day = 1, hour = 0, minute = 0, second = 0;
        long ticks = 0;
        var compact = i < s.Length && char.IsAsciiDigit(s[i]);
        if (i < s.Length && (s[i] == '-' || compact))
        {
            if (!compact)
            {
                i++;
            }
            if (!Number(s, ref i, 1, 2, out month))
            {
                return null;
            }
            if (i < s.Length && (s[i] == '-' || compact))
            {
                if (!compact)
                {
                    i++;
                }
                if (!Number(s, ref i, 1, 2, out day))
                {
                    return null;
                }
            }
        }
        var offset = TimeSpan.Zero;
        if (i < s.Length && (s[i] == 'T' || s[i] == 't' || s[i] == ' '))
        {
            i++;
            while (i < s.Length && s[i] == ' ')
            {
                i++;
            }
            if (!Number(s, ref i, 1, 2, out hour))
            {
                return null;
            }
            var sep = i < s.Length && s[i] == ':';
            if (sep)
            {
                i++;
            }
            if (!Number(s, ref i, 2, 2, out minute))
            {
                return null;
            }
            if (i < s.Length && (s[i] == ':' || (!sep && char.IsAsciiDigit(s[i]))))
            {
                if (s[i] == ':')
                {
                    i++;
                }
                if (!Number(s, ref i, 2, 2, out second))
                {
                    return null;
                }
                if (i < s.Length && (s[i] == '.' || s[i] == ','))
                {
                    i++;
                    ticks = Fraction(s, ref i);
                }
            }
            while (i < s.Length && s[i] == ' ')
            {
                i++;
            }
            if (i < s.Length && !Zone(s[i..], out offset))
            {
                return null;
            }
        }
        else if (i < s.Length)
        {
            return null;
        }
        return Build(year, month, day, hour, minute, second, ticks, offset);
    }

    private static long Fraction(ReadOnlySpan<char> s, ref int i)
    {
        long ticks = 0;
        var scale = TimeSpan.TicksPerSecond / 10;
        while (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            ticks += (s[i] - '0') * scale;
            scale /= 10;
            i++;
        }
        return ticks;
    }

    private static bool Number(ReadOnlySpan<char> s, ref int i, int min, int max, out int value)
    {
        value = 0;
        var start = i;
        while (i < s.Length && i - start < max && char.IsAsciiDigit(s[i]))
        {
            value = (value * 10) + (s[i] - '0');
            i++;
        }
        return i - start >= min;
    }

    // Z, UTC, GMT, +02:00, +0200, +02, -7, EST, PDT...
    private static bool Zone(ReadOnlySpan<char> s, out TimeSpan offset)
    {
        offset = TimeSpan.Zero;
        s = s.Trim();
        if (s.Length == 0)
        {
            return true;
        }
        if (s[0] == '+' || s[0] == '-' || s[0] == '\u2212')
        {
            var sign = s[0] == '+' ? 1 : -1;
            var digits = s[1..];
            int hours, minutes = 0;
            var colon = digits.IndexOf(':');
            if (colon >= 0)
            {
                if (!int.TryParse(digits[..colon], out hours) || !int.TryParse(digits[(colon + 1)..], out minutes))
                {
                    return false;
                }
            }
            else
            {
                if (digits.Length == 0 || digits.Length > 4 || !int.TryParse(digits, out var n))
                {
                    return false;
                }
                (hours, minutes) = digits.Length <= 2 ? (n, 0) : (n / 100, n % 100);
            }
            if (hours > 18 || minutes > 59)
            {
                return false;
            }
            offset = new TimeSpan(sign * hours, sign * minutes, 0);
            return true;
        }
        // "GMT+2", "UTC-05:00"
        if (s.Length > 3 && (s.StartsWith("GMT", StringComparison.OrdinalIgnoreCase) || s.StartsWith("UTC", StringComparison.OrdinalIgnoreCase)))
        {
            return Zone(s[3..], out offset);
        }
        var named = NamedZone(s);
        if (named is null)
        {
            return false;
        }
        offset = TimeSpan.FromHours(named.Value);
        return true;
    }

    private static double? NamedZone(ReadOnlySpan<char> s)
    {
        Span<char> upper = stackalloc char[8];
        if (s.Length > upper.Length)
        {
            return null;
        }
        var n = s.ToUpperInvariant(upper);
        return upper[..n] switch
        {
            "Z" or "UT" or "UTC" or "GMT" or "WET" => 0,
            "EST" => -5, "EDT" => -4, "CST" => -6, "CDT" => -5,
            "MST" => -7, "MDT" => -6, "PST" => -8, "PDT" => -7,
            "AKST" => -9, "AKDT" => -8, "HST" => -10, "AST" => -4, "ADT" => -3,
            "NST" => -3.5, "NDT" => -2.5,
            "BST" or "CET" or "MET" or "WEST" => 1,
            "CEST" or "MEST" or "EET" or "SAST" => 2,
            "EEST" or "MSK" => 3,
            "IST" => 5.5, "JST" or "KST" => 9,
            "AEST" => 10, "AEDT" => 11, "ACST" => 9.5, "AWST" => 8,
            "NZST" => 12, "NZDT" => 13,
            _ => MilitaryZone(upper[..n]),
        };
    }

    // RFC 822 single letters; "Z" handled above. Rarely right in practice, but defined.
    private static double? MilitaryZone(ReadOnlySpan<char> s)
    {
        if (s.Length != 1 || s[0] == 'J' || !char.IsAsciiLetterUpper(s[0]))
        {
            return null;
        }
        var c = s[0];
        return c switch
        {
            <= 'I' => c - 'A' + 1,
            <= 'M' => c - 'A',
            <= 'Y' => -(c - 'N' + 1),
            _ => null,
        };
    }

    // RFC 822 and friends, read as tokens: "Sun, 6 Jul 2014 12:56:00 +0200",
    // "Jul 6, 2014 12:56 PM EST", "06 July 14 12:56 GMT", "Sat, Dec 24 2016 10:00:00 PM".
    private static DateTimeOffset? ParseWords(ReadOnlySpan<char> s)
    {
        int year = -1, month = -1, day = -1, hour = 0, minute = 0, second = 0;
        long ticks = 0;
        var offset = TimeSpan.Zero;
        var sawTime = false;
        var pm = 0;
        var i = 0;
        while (i < s.Length)
        {
            var c = s[i];
            if (char.IsAsciiDigit(c))
            {
                var start = i;
                while (i < s.Length && char.IsAsciiDigit(s[i]))
                {
                    i++;
                }
                if (i < s.Length && s[i] == ':' && !sawTime)
                {
                    if (!Time(s, start, ref i, out hour, out minute, out second, out ticks))
                    {
                        return null;
                    }
                    sawTime = true;
                    continue;
                }
                if (!int.TryParse(s[start..i], out var n))
                {
                    return null;
                }
                var length = i - start;
                if (day < 0 && length <= 2 && n is >= 1 and <= 31 && (month < 0 || year < 0))
                {
                    day = n;
                }
                else if (year < 0 && (length == 4 || length == 2))
                {
                    year = length == 2 ? (n < 50 ? 2000 + n : 1900 + n) : n;
                }
                else if (month < 0 && length <= 2 && n is >= 1 and <= 12 && day >= 0)
                {
                    month = n;
                }
                else
                {
                    return null;
                }
            }
            else if (char.IsLetter(c))
            {
                var start = i;
                while (i < s.Length && char.IsLetter(s[i]))
                {
                    i++;
                }
                var word = s[start..i];
                var m = Month(word);
                if (m > 0 && month < 0)
                {
                    month = m;
                }
                else if (word.Equals("PM", StringComparison.OrdinalIgnoreCase) || word.Equals("AM", StringComparison.OrdinalIgnoreCase))
                {
                    pm = char.ToUpperInvariant(word[0]) == 'P' ? 2 : 1;
                }
                else if (sawTime && NamedZone(word) is double zone)
                {
                    offset = TimeSpan.FromHours(zone);
                    if ((word.Equals("GMT", StringComparison.OrdinalIgnoreCase) || word.Equals("UTC", StringComparison.OrdinalIgnoreCase))
                        && i < s.Length && (s[i] == '+' || s[i] == '-'))
                    {
                        var zs = i;
                        i = ZoneEnd(s, i + 1);
                        if (!Zone(s[zs..i], out offset))
                        {
                            return null;
                        }
                    }
                }
                // Anything else is a weekday, in whatever language, or noise.
            }
            else if ((c == '+' || c == '-') && sawTime && i + 1 < s.Length && char.IsAsciiDigit(s[i + 1]))
            {
                var start = i;
                i = ZoneEnd(s, i + 1);
                if (!Zone(s[start..i], out offset))
                {
                    return null;
                }
            }
            else if (c == '(')
            {
                break; // "+0000 (UTC)": the comment repeats the zone.
            }
            else
            {
                i++;
            }
        }
        if (year < 0 || month < 0 || day < 0)
        {
            return null;
        }
        if (pm == 2 && hour < 12)
        {
            hour += 12;
        }
        else if (pm == 1 && hour == 12)
        {
            hour = 0;
        }
        return Build(year, month, day, hour, minute, second, ticks, offset);
    }

    private static int ZoneEnd(ReadOnlySpan<char> s, int i)
    {
        while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == ':'))
        {
            i++;
        }
        return i;
    }

    private static bool Time(ReadOnlySpan<char> s, int start, ref int i, out int hour, out int minute, out int second, out long ticks)
    {
        minute = second = 0;
        ticks = 0;
        if (!int.TryParse(s[start..i], out hour) || i - start > 2)
        {
            return false;
        }
        i++; // ':'
        if (!Number(s, ref i, 1, 2, out minute))
        {
            return false;
        }
        if (i < s.Length && s[i] == ':')
        {
            i++;
            if (!Number(s, ref i, 1, 2, out second))
            {
                return false;
            }
            if (i < s.Length && s[i] == '.')
            {
                i++;
                ticks = Fraction(s, ref i);
            }
        }
        return true;
    }

    private static int Month(ReadOnlySpan<char> word)
    {
        if (word.Length < 3)
        {
            return -1;
        }
        Span<char> key = stackalloc char[3];
        word[..3].ToLowerInvariant(key);
        var m = key switch
        {
            "jan" => 1, "feb" => 2, "mar" => 3, "apr" => 4, "may" => 5, "jun" => 6,
            "jul" => 7, "aug" => 8, "sep" => 9, "oct" => 10, "nov" => 11, "dec" => 12,
            _ => -1,
        };
        // "March" yes, "Marzipan" no: beyond three letters the word must be the full name or "Sept".
        if (m > 0 && word.Length > 3
            && !word.Equals("sept", StringComparison.OrdinalIgnoreCase)
            && !FullMonths[m - 1].AsSpan().Equals(word, StringComparison.OrdinalIgnoreCase))
        {
            return -1;
        }
        return m;
    }

    private static readonly string[] FullMonths =
    [
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ];

    private static DateTimeOffset? Build(int year, int month, int day, int hour, int minute, int second, long ticks, TimeSpan offset)
    {
        if (year is < 1 or > 9999 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 24 || minute > 59 || second > 60)
        {
            return null;
        }
        // 24:00 is midnight of the next day; a leap second is folded into the next one.
        var extra = TimeSpan.Zero;
        if (hour == 24)
        {
            if (minute != 0 || second != 0)
            {
                return null;
            }
            hour = 0;
            extra = TimeSpan.FromDays(1);
        }
        if (second == 60)
        {
            second = 59;
            extra += TimeSpan.FromSeconds(1);
        }
        try
        {
            var local = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).AddTicks(ticks) + extra;
            return new DateTimeOffset(local, offset).ToUniversalTime();
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
    }
}
