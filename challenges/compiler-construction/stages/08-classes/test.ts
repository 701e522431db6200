// Stage 8: classes — instances and fields, methods and this, initializers, bound methods,
// inheritance and super, and their errors.
import { defineStage } from "@bsod/harness";
import { fails, type LoxCase, prints, rejects, runCases } from "../../lib/cases.ts";

const written: LoxCase[] = [
  prints(
    "printing a class and an instance",
    "class Bagel {}\nprint Bagel;\nprint Bagel();",
    ["Bagel", "Bagel instance"],
    "a class prints as its name, an instance as <name> instance",
  ),
  prints("fields", "class Box {}\nvar b = Box();\nb.width = 3;\nb.height = 4;\nprint b.width * b.height;", ["12"]),
  prints("a field assignment is an expression", "class Box {}\nvar b = Box();\nprint b.size = 10;\nprint b.size;", [
    "10",
    "10",
  ]),
  prints(
    "fields of different instances are separate",
    "class P {}\nvar a = P();\nvar b = P();\na.v = 1;\nb.v = 2;\nprint a.v;\nprint b.v;",
    ["1", "2"],
  ),
  prints(
    "a method",
    'class Greeter {\n  greet(name) {\n    print "Hello, " + name + "!";\n  }\n}\nGreeter().greet("Lox");',
    ["Hello, Lox!"],
  ),
  prints(
    "this",
    'class Cake {\n  taste() {\n    print "The " + this.flavor + " cake is delicious!";\n  }\n}\nvar cake = Cake();\ncake.flavor = "chocolate";\ncake.taste();',
    ["The chocolate cake is delicious!"],
  ),
  prints(
    "an initializer",
    "class Point {\n  init(x, y) {\n    this.x = x;\n    this.y = y;\n  }\n  sum() {\n    return this.x + this.y;\n  }\n}\nprint Point(3, 4).sum();",
    ["7"],
  ),
  prints(
    "an initializer returns this",
    'class Thing {\n  init() {\n    this.name = "thing";\n  }\n}\nvar t = Thing();\nprint t.init();\nprint t.init() == t;',
    ["Thing instance", "true"],
    "init always returns this, even when called again directly",
  ),
  prints(
    "an early return from init",
    'class Early {\n  init(stop) {\n    this.a = "set";\n    if (stop) return;\n    this.a = "reset";\n  }\n}\nprint Early(true).a;\nprint Early(false).a;',
    ["set", "reset"],
    "a bare return in init is allowed and still gives back this",
  ),
  prints(
    "a method sees this when stored in a variable",
    'class Person {\n  init(name) {\n    this.name = name;\n  }\n  sayName() {\n    print this.name;\n  }\n}\nvar jane = Person("Jane");\nvar method = jane.sayName;\nmethod();',
    ["Jane"],
    "jane.sayName is a method bound to jane: calling it later still has this = jane",
  ),
  prints(
    "a bound method moved to another instance keeps its this",
    'class Person {\n  init(name) {\n    this.name = name;\n  }\n  sayName() {\n    print this.name;\n  }\n}\nvar jane = Person("Jane");\nvar bill = Person("Bill");\nbill.sayName = jane.sayName;\nbill.sayName();',
    ["Jane"],
  ),
  prints("printing a method", "class K {\n  m() {}\n}\nprint K().m;", ["<fn m>"]),
  prints(
    "a field shadows a method",
    'class K {\n  m() {\n    return "method";\n  }\n}\nvar k = K();\nfun f() {\n  return "field";\n}\nk.m = f;\nprint k.m();',
    ["field"],
    "a property lookup finds fields before methods",
  ),
  prints(
    "methods call methods",
    "class Counter {\n  init() {\n    this.n = 0;\n  }\n  inc() {\n    this.n = this.n + 1;\n    return this;\n  }\n}\nprint Counter().inc().inc().inc().n;",
    ["3"],
  ),
  prints(
    "this in a closure inside a method",
    "class Thing {\n  getCallback() {\n    fun localFunction() {\n      print this;\n    }\n    return localFunction;\n  }\n}\nvar callback = Thing().getCallback();\ncallback();",
    ["Thing instance"],
    "a function inside a method captures this like any other variable",
  ),
  prints("a class is a value", "class A {}\nfun make(k) {\n  return k();\n}\nprint make(A);", ["A instance"]),
  prints(
    "inheritance",
    'class Doughnut {\n  cook() {\n    print "Fry until golden brown.";\n  }\n}\nclass BostonCream < Doughnut {}\nBostonCream().cook();',
    ["Fry until golden brown."],
  ),
  prints(
    "an override",
    'class A {\n  name() {\n    return "A";\n  }\n}\nclass B < A {\n  name() {\n    return "B";\n  }\n}\nprint A().name();\nprint B().name();',
    ["A", "B"],
  ),
  prints(
    "super",
    'class Doughnut {\n  cook() {\n    print "Fry until golden brown.";\n  }\n}\nclass BostonCream < Doughnut {\n  cook() {\n    super.cook();\n    print "Pipe full of custard and coat with chocolate.";\n  }\n}\nBostonCream().cook();',
    ["Fry until golden brown.", "Pipe full of custard and coat with chocolate."],
  ),
  prints(
    "an inherited initializer",
    "class Base {\n  init(v) {\n    this.v = v;\n  }\n}\nclass Derived < Base {}\nprint Derived(9).v;",
    ["9"],
    "a subclass without init uses its superclass's init",
  ),
  prints(
    "super.init",
    'class Base {\n  init(a) {\n    this.a = a;\n  }\n}\nclass Derived < Base {\n  init(a, b) {\n    super.init(a);\n    this.b = b;\n  }\n}\nvar d = Derived("x", "y");\nprint d.a + d.b;',
    ["xy"],
  ),
  prints(
    "super is the superclass of the class that holds the method",
    'class A {\n  method() {\n    print "A method";\n  }\n}\nclass B < A {\n  method() {\n    print "B method";\n  }\n  test() {\n    super.method();\n  }\n}\nclass C < B {}\nC().test();',
    ["A method"],
    "super starts its lookup in the superclass of the class where the method is written, not of this's class",
  ),
  prints(
    "a bound super method",
    'class A {\n  say() {\n    return "A says " + this.word;\n  }\n}\nclass B < A {\n  get() {\n    return super.say;\n  }\n}\nvar b = B();\nb.word = "hi";\nvar m = b.get();\nprint m();',
    ["A says hi"],
  ),
  prints(
    "a chain of three classes",
    'class A {\n  who() {\n    return "A";\n  }\n}\nclass B < A {\n  who() {\n    return "B>" + super.who();\n  }\n}\nclass C < B {\n  who() {\n    return "C>" + super.who();\n  }\n}\nprint C().who();',
    ["C>B>A"],
  ),
  prints(
    "instances are equal only to themselves",
    "class P {}\nvar a = P();\nvar b = P();\nprint a == a;\nprint a == b;\nprint P == P;",
    ["true", "false", "true"],
  ),
  fails("a property of a number", "var n = 3;\nprint n.size;", [], "Only instances have properties.", 2),
  fails("a field on a string", 'var s = "text";\ns.length = 4;', [], "Only instances have fields.", 2),
  fails(
    "an undefined property",
    'class Empty {}\nprint "before";\nprint Empty().missing;',
    ["before"],
    "Undefined property 'missing'.",
    3,
    "reading a field that was never set (and is not a method) is a runtime error",
  ),
  fails("calling an undefined method", "class Empty {}\nEmpty().nope();", [], "Undefined property 'nope'.", 2),
  fails("an initializer's arity", "class P {\n  init(x, y) {}\n}\nP(1);", [], "Expected 2 arguments but got 1.", 4),
  fails("a class without init takes no arguments", "class P {}\nP(1, 2);", [], "Expected 0 arguments but got 2.", 2),
  fails(
    "inheriting from something that is not a class",
    'var NotAClass = "I am not a class";\nclass Sub < NotAClass {}',
    [],
    "Superclass must be a class.",
    2,
  ),
  rejects(
    "a class that inherits from itself",
    "class Oops < Oops {}",
    "[line 1] Error at 'Oops': A class can't inherit from itself.",
  ),
  rejects("this outside a class", "print this;", "[line 1] Error at 'this': Can't use 'this' outside of a class."),
  rejects(
    "this in a plain function",
    "fun notAMethod() {\n  print this;\n}",
    "[line 2] Error at 'this': Can't use 'this' outside of a class.",
  ),
  rejects(
    "super outside a class",
    "super.method();",
    "[line 1] Error at 'super': Can't use 'super' outside of a class.",
  ),
  rejects(
    "super in a class with no superclass",
    "class Base {\n  m() {\n    super.m();\n  }\n}",
    "[line 3] Error at 'super': Can't use 'super' in a class with no superclass.",
  ),
  rejects(
    "returning a value from init",
    "class K {\n  init() {\n    return 1;\n  }\n}",
    "[line 3] Error at 'return': Can't return a value from an initializer.",
  ),
  rejects(
    "a property name that is not a name",
    "class K {}\nK().1;",
    "[line 2] Error at '1': Expect property name after '.'.",
  ),
];

export default defineStage({
  slug: "classes",
  async run(ctx) {
    await runCases(ctx, "run", written, { what: `${written.length} written for this stage` });
  },
});
