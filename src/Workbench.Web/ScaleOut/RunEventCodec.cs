using MessagePack;
using Workbench.RunProtocol;
using Workbench.Web.Live;

namespace Workbench.Web.ScaleOut;

/// <summary>
/// A run event as one Redis message: (origin host instance, event type name, the event in the hub's MessagePack form).
/// Only <see cref="RunEvent"/> types of this assembly are read back; anything else is ignored.
/// </summary>
public static class RunEventCodec
{
    private static readonly Dictionary<string, Type> s_kinds = typeof(RunEvent).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && t.IsSubclassOf(typeof(RunEvent)))
        .ToDictionary(t => t.Name);

    private static MessagePackSerializerOptions Options => RunProtocolSerializer.Options;

    public static byte[] Encode(string origin, RunEvent runEvent)
    {
        var type = runEvent.GetType();
        var payload = MessagePackSerializer.Serialize(type, runEvent, Options);
        return MessagePackSerializer.Serialize((origin, type.Name, payload), Options);
    }

    /// <summary>The event and the instance that published it; a null event for a kind this host does not know.</summary>
    public static (string Origin, RunEvent? Event) Decode(ReadOnlyMemory<byte> message)
    {
        var (origin, kind, payload) = MessagePackSerializer.Deserialize<(string, string, byte[])>(message, Options);
        return s_kinds.TryGetValue(kind, out var type)
            ? (origin, (RunEvent?)MessagePackSerializer.Deserialize(type, payload, Options))
            : (origin, null);
    }
}
