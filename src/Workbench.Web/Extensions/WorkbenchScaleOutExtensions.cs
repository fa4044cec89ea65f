using StackExchange.Redis;
using Workbench.Web.ScaleOut;

namespace Workbench.Web.Extensions;

public static class WorkbenchScaleOutExtensions
{
    /// <summary>
    /// With <c>Workbench:Redis</c> set, several hosts serve the same runs: SignalR groups go through the Redis backplane
    /// and the pages' run feed through <see cref="RunEventRelay"/>. Without it, nothing is added.
    /// </summary>
    public static WebApplicationBuilder AddWorkbenchScaleOut(this WebApplicationBuilder builder)
    {
        var redis = builder.Configuration["Workbench:Redis"];
        if (string.IsNullOrWhiteSpace(redis)) return builder;
        builder.Services.AddSignalR().AddStackExchangeRedis(redis, o => o.Configuration.ChannelPrefix = RedisChannel.Literal("workbench"));
        builder.Services.AddHostedService<RunEventRelay>();
        return builder;
    }
}
