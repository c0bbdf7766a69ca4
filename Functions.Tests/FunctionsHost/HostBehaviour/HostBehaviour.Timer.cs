using System.Text.Json.Nodes;
using AuthFunctions.Tests.FunctionsHost.Rpc;

namespace AuthFunctions.Tests.FunctionsHost;

internal static partial class HostBehaviour
{
    /// <summary>
    /// TimerTriggerBinding / TimerInfo (WebJobs extensions): a timer invocation carries the TimerInfo as JSON in the
    /// trigger binding. The host fills ScheduleStatus from its storage lease; this host keeps none and evaluates no
    /// CRON, so Last is now and Next five minutes on, which is enough for the isolated TimerInfo to deserialise.
    /// </summary>
    public static InvocationRequest TimerInvocation(string invocationId, HostedFunction function, DateTimeOffset now)
    {
        var timerInfo = new JsonObject
        {
            ["Schedule"] = new JsonObject { ["AdjustForDST"] = true },
            ["ScheduleStatus"] = new JsonObject
            {
                ["Last"] = now.ToString("O"),
                ["Next"] = now.AddMinutes(5).ToString("O"),
                ["LastUpdated"] = now.ToString("O"),
            },
            ["IsPastDue"] = false,
        };

        return new InvocationRequest
        {
            InvocationId = invocationId,
            FunctionId = function.FunctionId,
            InputData = { new ParameterBinding { Name = function.TriggerBindingName, Data = new TypedData { Json = timerInfo.ToJsonString() } } },
            TraceContext = TraceContext(),
        };
    }
}
