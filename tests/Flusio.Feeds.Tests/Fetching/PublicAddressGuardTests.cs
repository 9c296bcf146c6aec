using System.Net;
using Flusio.Feeds.Fetching;

namespace Flusio.Feeds.Tests.Fetching;

public class PublicAddressGuardTests
{
    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("0.1.2.3")]
    [InlineData("10.0.0.1")]
    [InlineData("10.255.255.255")]
    [InlineData("100.64.0.1")]
    [InlineData("100.127.255.254")]
    [InlineData("127.0.0.1")]
    [InlineData("127.10.20.30")]
    [InlineData("169.254.0.1")]
    [InlineData("169.254.169.254")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.0.0.170")]
    [InlineData("192.88.99.1")]
    [InlineData("192.88.99.255")]
    [InlineData("192.168.1.1")]
    [InlineData("198.18.0.1")]
    [InlineData("224.0.0.1")]
    [InlineData("239.255.255.250")]
    [InlineData("240.0.0.1")]
    [InlineData("255.255.255.255")]
    public void Refuses_private_and_special_ipv4(string address) =>
        Assert.False(PublicAddressGuard.IsPublic(IPAddress.Parse(address)));

    [Theory]
    [InlineData("1.1.1.1")]
    [InlineData("8.8.8.8")]
    [InlineData("93.184.216.34")]
    [InlineData("100.63.255.255")]
    [InlineData("100.128.0.1")]
    [InlineData("172.15.255.255")]
    [InlineData("172.32.0.1")]
    [InlineData("169.253.1.1")]
    [InlineData("192.169.0.1")]
    [InlineData("192.88.98.1")]
    [InlineData("192.88.100.1")]
    [InlineData("203.0.113.10")]
    [InlineData("223.255.255.254")]
    public void Accepts_public_ipv4(string address) =>
        Assert.True(PublicAddressGuard.IsPublic(IPAddress.Parse(address)));

    [Theory]
    [InlineData("::")]
    [InlineData("::1")]
    [InlineData("fc00::1")]
    [InlineData("fd12:3456:789a::1")]
    [InlineData("fe80::1")]
    [InlineData("fe80::1%2")]
    [InlineData("febf::1")]
    [InlineData("fec0::1")]
    [InlineData("ff02::1")]
    [InlineData("100::1")]
    [InlineData("2001:0:4136:e378::1")]
    [InlineData("64:ff9b:1::a00:1")]
    public void Refuses_private_and_special_ipv6(string address) =>
        Assert.False(PublicAddressGuard.IsPublic(IPAddress.Parse(address)));

    [Theory]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("::ffff:192.168.0.1")]
    [InlineData("::ffff:0.0.0.0")]
    [InlineData("::127.0.0.1")]
    [InlineData("::10.0.0.1")]
    [InlineData("::0.0.0.2")]
    [InlineData("64:ff9b::127.0.0.1")]
    [InlineData("64:ff9b::10.1.2.3")]
    [InlineData("64:ff9b::a9fe:a9fe")]
    [InlineData("2002:7f00:1::1")]
    [InlineData("2002:c0a8:101::1")]
    [InlineData("::ffff:0:a9fe:a9fe")]
    [InlineData("::ffff:0:127.0.0.1")]
    [InlineData("::ffff:0:10.1.2.3")]
    [InlineData("::ffff:0:0.0.0.0")]
    public void Refuses_ipv6_forms_that_embed_a_private_ipv4(string address) =>
        Assert.False(PublicAddressGuard.IsPublic(IPAddress.Parse(address)));

    [Theory]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("2a00:1450:4007:80e::200e")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("64:ff9b::8.8.8.8")]
    [InlineData("2002:808:808::1")]
    [InlineData("::ffff:0:8.8.8.8")]
    public void Accepts_public_ipv6_and_forms_that_embed_a_public_ipv4(string address) =>
        Assert.True(PublicAddressGuard.IsPublic(IPAddress.Parse(address)));
}
