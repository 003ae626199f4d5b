using System;
using System.Reflection;

namespace MaintenanceMode.Aws.Elbv2
{
    /// <summary>
    /// One public read/write property of a model class, read and written through delegates bound to its
    /// accessors. PropertyInfo.GetValue/SetValue would do the same work, but the runtime emits an IL stub for
    /// each property the second time it is invoked and compiles it fully optimized: on a first Enable that was
    /// over a hundred compilations for the XML reader and the Query writer alone.
    /// </summary>
    internal sealed class ShapeMember
    {
        private readonly Func<object, object?> _get;
        private readonly Action<object, object?> _set;

        private ShapeMember(PropertyInfo property, Func<object, object?> get, Action<object, object?> set)
        {
            Property = property;
            _get = get;
            _set = set;
        }

        public PropertyInfo Property { get; }

        /// <summary>The AWS member name (model properties are named after botocore's members).</summary>
        public string Name => Property.Name;

        public Type PropertyType => Property.PropertyType;

        public object? GetValue(object shape) => _get(shape);

        public void SetValue(object shape, object? value) => _set(shape, value);

        public static ShapeMember For(PropertyInfo property)
        {
            // A typed binder through Activator, not MethodInfo.Invoke: invoking a generic method that way
            // would itself emit a stub per instantiation after the first.
            var binder = (IAccessorBinder)Activator.CreateInstance(typeof(AccessorBinder<,>).MakeGenericType(property.DeclaringType!, property.PropertyType))!;
            var (get, set) = binder.Bind(property);
            return new ShapeMember(property, get, set);
        }

        private interface IAccessorBinder
        {
            (Func<object, object?> Get, Action<object, object?> Set) Bind(PropertyInfo property);
        }

        private sealed class AccessorBinder<TShape, TValue> : IAccessorBinder
        {
            public (Func<object, object?> Get, Action<object, object?> Set) Bind(PropertyInfo property)
            {
                var get = (Func<TShape, TValue>)Delegate.CreateDelegate(typeof(Func<TShape, TValue>), property.GetGetMethod(nonPublic: true)!);
                var set = (Action<TShape, TValue>)Delegate.CreateDelegate(typeof(Action<TShape, TValue>), property.GetSetMethod(nonPublic: true)!);
                return (shape => get((TShape)shape), (shape, value) => set((TShape)shape, value == null ? default! : (TValue)value));
            }
        }
    }
}
