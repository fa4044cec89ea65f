using Microsoft.AspNetCore.Http;
using Workbench.Web.Security;

namespace Workbench.Web.Tests.Security;

/// <summary>The perimeter's small rules on their own: which listen addresses are loopback, what counts as this origin, where login may return.</summary>
public sealed class PerimeterRulesTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5080", true)]
    [InlineData("http://localhost:5080", true)]
    [InlineData("http://[::1]:5080", true)]
    [InlineData("http://127.0.0.2:80", true)]
    [InlineData("http://0.0.0.0:5080", false)]
    [InlineData("http://[::]:5080", false)]
    [InlineData("http://+:80", false)]
    [InlineData("http://*:80", false)]
    [InlineData("http://192.168.1.5:5080", false)]
    [InlineData("https://gpu-box.lab:443", false)]
    public void ListenAddress_IsLoopback(string url, bool expected) => Assert.Equal(expected, ListenAddress.IsLoopback(url));

    [Theory]
    [InlineData(null, null, null)]
    [InlineData("http://127.0.0.1:5080", null, null)]
    [InlineData("http://127.0.0.1:5081", null, "Origin")]
    [InlineData("http://localhost:5080", null, "Origin")]
    [InlineData("null", null, "Origin")]
    [InlineData("file://", null, "Origin")]
    [InlineData(null, "same-origin", null)]
    [InlineData(null, "none", null)]
    [InlineData(null, "same-site", "Sec-Fetch-Site")]
    [InlineData("http://127.0.0.1:5080", "cross-site", "Sec-Fetch-Site")]
    public void CrossOriginGuard_Refusal(string? origin, string? site, string? reasonMentions)
    {
        var context = new DefaultHttpContext();
        context.Request.Host = new HostString("127.0.0.1", 5080);
        if (origin is not null) context.Request.Headers.Origin = origin;
        if (site is not null) context.Request.Headers["Sec-Fetch-Site"] = site;
        var reason = CrossOriginGuardMiddleware.Refusal(context.Request);
        if (reasonMentions is null) Assert.Null(reason);
        else Assert.Contains(reasonMentions, reason);
    }

    [Theory]
    [InlineData("/runs/3", "/runs/3")]
    [InlineData("/", "/")]
    [InlineData("//evil.example", "/")]
    [InlineData("/\\evil.example", "/")]
    [InlineData("http://evil.example/", "/")]
    [InlineData("", "/")]
    [InlineData(null, "/")]
    public void Login_ReturnsOnlyToLocalPaths(string? returnUrl, string expected) => Assert.Equal(expected, LoginEndpoints.Local(returnUrl));
}
