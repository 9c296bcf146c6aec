using Microsoft.Playwright;

namespace Flusio.Tests.Browser;

/// <summary>
/// Every page at desktop and phone widths: no page may be wider than its window. With
/// FLUSIO_SCREENSHOTS=1, each is also photographed full-page, light and dark (the user's
/// theme is "system": the emulated colour scheme decides), for a person to look at, and the
/// tests check that this run wrote them. Encoding 200 PNGs is a third of the browser tests'
/// time, so a plain test run only checks the layout.
/// </summary>
public static class Screenshots
{
    public static bool Enabled => Environment.GetEnvironmentVariable("FLUSIO_SCREENSHOTS") == "1";

    private static readonly (string Name, int Width, int Height)[] Sizes = [("desktop", 1280, 800), ("mobile", 390, 844)];
    private static readonly (string Name, ColorScheme Scheme)[] Schemes = [("light", ColorScheme.Light), ("dark", ColorScheme.Dark)];

    /// <summary>The narrowest phone the layout is made for.</summary>
    private const int NarrowestWidth = 360;

    public static async Task<IReadOnlyList<string>> ShootAsync(IPage page, string name)
    {
        Directory.CreateDirectory(BrowserFixture.ScreenshotFolder);
        await page.SetViewportSizeAsync(NarrowestWidth, 740);
        var narrowOverflow = await page.EvaluateAsync<int>("document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(narrowOverflow <= 0, $"{name} is {narrowOverflow} px wider than a {NarrowestWidth} px window: " + await WidestAsync(page));

        var files = new List<string>();
        foreach (var size in Sizes)
        {
            await page.SetViewportSizeAsync(size.Width, size.Height);
            var overflow = await page.EvaluateAsync<int>("document.documentElement.scrollWidth - window.innerWidth");
            Assert.True(overflow <= 0, $"{name} is {overflow} px wider than a {size.Width} px window");
            foreach (var scheme in Enabled ? Schemes : [])
            {
                await page.EmulateMediaAsync(new PageEmulateMediaOptions { ColorScheme = scheme.Scheme });
                var file = Path.Combine(BrowserFixture.ScreenshotFolder, $"{name}-{size.Name}-{scheme.Name}.png");
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = true, Animations = ScreenshotAnimations.Disabled });
                files.Add(file);
            }
        }

        await page.SetViewportSizeAsync(Sizes[0].Width, Sizes[0].Height);
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { ColorScheme = ColorScheme.Light });
        return files;
    }

    /// <summary>The elements that stick out of the window (outside any scrolling box), for the failure message.</summary>
    private static Task<string> WidestAsync(IPage page) => page.EvaluateAsync<string>("""
        () => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('.table-scroll'))
            .slice(0, 6)
            .map(e => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} (${Math.round(e.getBoundingClientRect().right)} px): ${(e.textContent || '').trim().slice(0, 60)}`)
            .join(' | ')
        """);

    /// <summary>Every file is a PNG of some substance (a blank page compresses to almost nothing), written by this run.</summary>
    public static void AssertWritten(IReadOnlyCollection<string> files)
    {
        Assert.Equal(Enabled, files.Count > 0);
        foreach (var file in files)
        {
            Assert.True(File.GetLastWriteTimeUtc(file) >= BrowserFixture.StartedAt, $"{file} is left from an earlier run");
            var bytes = File.ReadAllBytes(file);
            Assert.True(bytes.Length > 4_000, $"{file} is only {bytes.Length} bytes");
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
        }
    }
}
