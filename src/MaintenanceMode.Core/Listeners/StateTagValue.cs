using System.Linq;
using MaintenanceMode.Aws.S3;
using MaintenanceMode.Errors;

namespace MaintenanceMode.Listeners
{
    /// <summary>
    /// The state location is written as the listener's <see cref="ModuleTags.State"/> tag, followed by the
    /// snapshot's digest (<see cref="StateTag"/>), so location and digest together must be a value AWS takes (at
    /// most 256 characters of letters, digits, white space and _.:/=+-@). Checked before any change: AWS would
    /// refuse the AddTags after the snapshot is written.
    /// </summary>
    public static class StateTagValue
    {
        /// <summary>AWS's limit on a tag value.</summary>
        public const int MaxLength = 256;

        /// <summary>The longest location that leaves room in the tag for the snapshot's digest.</summary>
        public static readonly int MaxLocationLength = MaxLength - StateTag.Format(string.Empty, new string('0', 64)).Length;

        private const string Symbols = "_.:/=+-@";

        /// <summary>Throws a <see cref="MaintenanceModeException"/> naming the reason when <paramref name="location"/> cannot be a tag value.</summary>
        public static void Check(S3Uri location)
        {
            var value = location.ToString();
            if (value.Length > MaxLocationLength)
            {
                throw Refused(value, $"it has {value.Length} characters; AWS takes at most {MaxLength} in a tag value, and the snapshot's digest takes {MaxLength - MaxLocationLength} of them, which leaves {MaxLocationLength}");
            }

            var bad = value.FirstOrDefault(c => !IsAllowed(c));
            if (bad != default(char))
            {
                throw Refused(value, $"AWS takes only letters, digits, spaces and {Symbols} in a tag value, not '{bad}'");
            }
        }

        // AWS's pattern: ^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$
        private static bool IsAllowed(char c) =>
            char.IsLetter(c) || char.IsNumber(c) || char.IsSeparator(c) || Symbols.IndexOf(c) >= 0;

        private static MaintenanceModeException Refused(string value, string reason) =>
            new MaintenanceModeException(ErrorIds.InvalidStateUri,
                $"-StateUri {value} cannot be kept in the listener's {ModuleTags.State} tag: {reason}. Nothing was changed. Choose a shorter prefix of letters, digits and -_./.");
    }
}
