import os

API_KEY = os.environ["LOYALTY_API_KEY"]
