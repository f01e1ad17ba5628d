'use strict';

function makeUserRoutes(service) {
  return {
    async getUser(req) {
      const user = await service.getUser(req.params.id);
      return { status: 200, body: user };
    },
    getProfile(req) {
      return { status: 200, body: service.profile(req.params.id) };
    },
    login(req) {
      const session = service.openSession(req.body.userId);
      return { status: 201, body: session };
    },
  };
}

async function dispatch(route, req) {
  const res = await route(req);
  return res;
}

module.exports = { makeUserRoutes, dispatch };
