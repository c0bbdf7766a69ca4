using System.Text;

namespace AuthFunctions.Tests.FunctionsHost;

/// <summary>Collects the worker's stdout, stderr and RpcLogs, and the host's own notes, in arrival order.</summary>
/// <remarks>Written from process-output threads and the gRPC stream at once, hence the lock.</remarks>
internal sealed class OutputLog
{
    private readonly StringBuilder _text = new();
    private readonly Lock _gate = new();

    public void Line(string source, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _text.Append('[').Append(source).Append("] ").AppendLine(line);
        }
    }

    public override string ToString()
    {
        lock (_gate)
        {
            return _text.ToString();
        }
    }
}
