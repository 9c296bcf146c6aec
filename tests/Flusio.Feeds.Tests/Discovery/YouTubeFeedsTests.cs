using AngleSharp.Html.Parser;
using Flusio.Feeds.Discovery;

namespace Flusio.Feeds.Tests.Discovery;

public class YouTubeFeedsTests
{
    private const string ChannelId = "UCXuqSBlHAE6Xw-yeJA0Tunw";

    [Theory]
    [InlineData("https://www.youtube.com/channel/" + ChannelId, "channel_id=" + ChannelId)]
    [InlineData("https://youtube.com/channel/" + ChannelId + "/videos", "channel_id=" + ChannelId)]
    [InlineData("https://m.youtube.com/channel/" + ChannelId, "channel_id=" + ChannelId)]
    [InlineData("https://www.youtube.com/user/LinusTechTips", "user=LinusTechTips")]
    [InlineData("https://www.youtube.com/playlist?list=PLFgquLnL59alCl_2TQvOiD5Vgm1hCaGSI", "playlist_id=PLFgquLnL59alCl_2TQvOiD5Vgm1hCaGSI")]
    [InlineData("https://www.youtube.com/watch?v=abc&list=PLFgquLnL59alCl_2TQvOiD5Vgm1hCaGSI", "playlist_id=PLFgquLnL59alCl_2TQvOiD5Vgm1hCaGSI")]
    public void Channel_user_and_playlist_urls_map_to_their_feed(string url, string query) =>
        Assert.Equal(new Uri("https://www.youtube.com/feeds/videos.xml?" + query), YouTubeFeeds.FromUrl(new Uri(url)));

    [Theory]
    [InlineData("https://www.youtube.com/@LinusTechTips")]
    [InlineData("https://www.youtube.com/watch?v=abc")]
    [InlineData("https://www.youtube.com/channel/not-a-channel-id")]
    [InlineData("https://notyoutube.com/channel/" + ChannelId)]
    [InlineData("https://youtube.com.evil.example/channel/" + ChannelId)]
    public void Other_urls_need_the_page_or_are_not_youtube(string url) =>
        Assert.Null(YouTubeFeeds.FromUrl(new Uri(url)));

    [Theory]
    [InlineData("""<link rel="canonical" href="https://www.youtube.com/channel/UCXuqSBlHAE6Xw-yeJA0Tunw">""")]
    [InlineData("""<meta itemprop="channelId" content="UCXuqSBlHAE6Xw-yeJA0Tunw">""")]
    [InlineData("""<meta property="og:url" content="https://www.youtube.com/channel/UCXuqSBlHAE6Xw-yeJA0Tunw">""")]
    public void A_handle_page_gives_its_channel_feed(string head)
    {
        using var document = new HtmlParser().ParseDocument($"<html><head>{head}</head><body></body></html>");

        Assert.Equal(new Uri("https://www.youtube.com/feeds/videos.xml?channel_id=" + ChannelId), YouTubeFeeds.FromPage(document));
    }
}
