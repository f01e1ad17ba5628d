DISCOUNT_RULES = {
    "spring-sale": "if cart.total > 5000:\n    discount = cart.total *\n",
}


def load_rule(name):
    source = DISCOUNT_RULES[name]
    code = compile(source, f"<rule {name}>", "exec")
    return code
