import couponlib  # optional dependency: pip install shop[coupons]

ENGINE = couponlib.Engine()
