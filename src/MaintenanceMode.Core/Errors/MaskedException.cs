using System;
using System.Text;

namespace MaintenanceMode.Errors
{
    /// <summary>
    /// A copy of an exception chain that holds only text, masked: what an ErrorRecord may carry. The originals
    /// can hold a secret in places masking a message never reaches (an AWS error message that echoes a value,
    /// a plan step, a response excerpt), and <c>$Error[0].Exception.ToString()</c> prints the whole chain.
    /// </summary>
    public sealed class MaskedException : Exception
    {
        private readonly string? _stackTrace;

        private MaskedException(string originalType, string message, string? stackTrace, Exception? inner)
            : base(message, inner)
        {
            OriginalType = originalType;
            _stackTrace = stackTrace;
        }

        /// <summary>The full name of the exception's type, e.g. MaintenanceMode.Aws.Elbv2.Elbv2Exception.</summary>
        public string OriginalType { get; }

        public override string? StackTrace => _stackTrace;

        /// <summary>The chain of <paramref name="error"/>, each message and stack trace masked, and nothing else kept.</summary>
        public static MaskedException Of(Exception error, SecretMask mask)
        {
            var inner = error.InnerException == null ? null : Of(error.InnerException, mask);
            return new MaskedException(error.GetType().FullName ?? error.GetType().Name, mask.Apply(error.Message), mask.Apply(error.StackTrace), inner);
        }

        /// <summary>As Exception.ToString lays it out, under the original type's name.</summary>
        public override string ToString()
        {
            var text = new StringBuilder(OriginalType).Append(": ").Append(Message);
            if (InnerException != null)
            {
                text.Append(" ---> ").Append(InnerException).Append(Environment.NewLine).Append("   --- End of inner exception stack trace ---");
            }

            if (!string.IsNullOrEmpty(StackTrace))
            {
                text.Append(Environment.NewLine).Append(StackTrace);
            }

            return text.ToString();
        }
    }
}
